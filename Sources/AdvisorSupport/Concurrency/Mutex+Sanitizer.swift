public import Synchronization

#if ADVISOR_TSAN
    import Glibc

    /// A POSIX mutex per `Mutex`, taken around its `withLock` in ThreadSanitizer builds: ThreadSanitizer
    /// sees POSIX mutexes, so the order they give the critical sections is the order it checks against.
    @usableFromInline
    final class SanitizerLocks: @unchecked Sendable {
        @usableFromInline static let shared = SanitizerLocks()
        private var table = pthread_mutex_t()
        private var locks: [UnsafeRawPointer: UnsafeMutablePointer<pthread_mutex_t>] = [:]

        private init() { pthread_mutex_init(&table, nil) }

        /// Takes the POSIX mutex standing for the lock at `address`.
        @usableFromInline
        func enter(_ address: UnsafeRawPointer) { pthread_mutex_lock(lock(for: address)) }

        /// Releases the POSIX mutex standing for the lock at `address`.
        @usableFromInline
        func leave(_ address: UnsafeRawPointer) { pthread_mutex_unlock(lock(for: address)) }

        /// The POSIX mutex standing for the lock at `address` (created on first use, never freed: test builds only).
        private func lock(for address: UnsafeRawPointer) -> UnsafeMutablePointer<pthread_mutex_t> {
            pthread_mutex_lock(&table)
            defer { pthread_mutex_unlock(&table) }
            if let lock = locks[address] { return lock }
            let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
            var attributes = pthread_mutexattr_t()
            pthread_mutexattr_init(&attributes)
            pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_RECURSIVE))
            pthread_mutex_init(lock, &attributes)
            locks[address] = lock
            return lock
        }
    }
#endif

extension Mutex where Value: ~Copyable {
    /// `withLock`, with its critical section shown to ThreadSanitizer in its builds.
    ///
    /// On Linux a contended `Mutex` is handed from one thread to the next by the kernel (a
    /// priority-inheritance futex), out of ThreadSanitizer's sight, so it reports every access
    /// the lock protects as a race (`Scripts/tsan/mutex-handoff.swift` shows it on a correct
    /// counter). Built with `-DADVISOR_TSAN` (`Scripts/tsan.sh`), the section also holds a POSIX
    /// mutex ThreadSanitizer does see, so what it still reports is a real race. In every other
    /// build it is `withLock` itself.
    @inlinable @inline(__always)
    public borrowing func withVisibleLock<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        #if ADVISOR_TSAN
            let address = withUnsafePointer(to: self) { UnsafeRawPointer($0) }
            SanitizerLocks.shared.enter(address)
            defer { SanitizerLocks.shared.leave(address) }
        #endif
        return try withLock(body)
    }
}
