import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The temporary files (and staging folders) an ``OutputFile`` or ``OutputFolder`` write has open, so that a SIGINT, SIGTERM or SIGHUP removes them
/// instead of leaving `.NAME.<random>.tmp` files to pile up beside the outputs.
///
/// The signal handler may only make async-signal-safe calls, so the paths live in a fixed table of C strings
/// allocated up front; the handler reads the table (never allocating, never locking), `unlink`s every path in
/// it (then `rmdir`s them, for folders), then re-raises the signal with the default action so the process still dies of it. Registering and
/// unregistering take a lock among threads; a slot is cleared before its string is freed.
package enum TemporaryFiles {
    /// More outputs in flight at once than any command writes; beyond it a write still works, unprotected.
    private static let capacity = 64

    nonisolated(unsafe) private static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let table = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        table.initialize(repeating: nil, count: capacity)
        return table
    }()

    private static let lock = NSLock()

    /// Installs the handlers. Only the `advisor` binary calls this: a library must not take over an embedder's signals.
    package static func removeOnSignals() {
        _ = slots  // initialised now, never lazily inside the handler
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber) { received in
                // Files first, then the (now empty) staging folders of an `OutputFolder` set.
                for index in 0..<TemporaryFiles.capacity {
                    if let path = TemporaryFiles.slots[index] { unlink(path) }
                }
                for index in 0..<TemporaryFiles.capacity {
                    if let path = TemporaryFiles.slots[index] { rmdir(path) }
                }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    /// Records `path` for removal on a signal; returns the slot to pass to ``unregister(_:)`` (nil when the table is full).
    static func register(_ path: String) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard let index = (0..<capacity).first(where: { slots[$0] == nil }) else { return nil }
        slots[index] = strdup(path)
        return index
    }

    /// Forgets a path once it is renamed into place or removed.
    static func unregister(_ slot: Int?) {
        guard let slot else { return }
        lock.lock()
        defer { lock.unlock() }
        let path = slots[slot]
        slots[slot] = nil
        free(path)
    }
}
