import AdvisorSupport
import Synchronization

/// Write-behind: journals each write durably before `set` returns, then a single writer task
/// sends the writes to the store in batches, coalesced per key, retried with backoff until the
/// store takes them, and only then removes them from the journal.
///
/// Journal commits are grouped: writes that arrive while a commit runs share the next one, so
/// concurrent writers pay one disk sync per group, not one each.
final class WriteBehindQueue<Value: Sendable>: Sendable {
    typealias Store = @Sendable ([StoreWrite<Value>]) async throws -> Void

    private struct JournalWrite {
        let key: String
        let bytes: [UInt8]
        let reservation: WriteBehindState.Reservation
        let done: CheckedContinuation<Void, any Error>
    }

    private struct Shared {
        var writes = WriteBehindState()
        var toJournal: [JournalWrite] = []
        var committing = false
        var spaceWaiters: [CheckedContinuation<WriteBehindState.Reservation?, Never>] = []
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
        var writerWake: CheckedContinuation<Void, Never>?
        var stopped = false
    }

    private let settings: WriteBehindSettings
    private let journal: WriteJournal
    private let store: Store
    private let decode: @Sendable ([UInt8]) throws -> Value
    private let clock: ElapsedClock
    private let shared = Mutex(Shared())
    private let writer = Mutex<Task<Void, Never>?>(nil)
    /// The keys the journal held at start: L2 and L3 may hold older values of them (the process
    /// died between journaling and updating the caches), so the cache removes them there.
    let replayedKeys: [String]

    /// Opens the journal, queues what it holds, and starts the writer.
    /// - Throws: GRDB's error when the journal cannot be opened or read.
    init(
        settings: WriteBehindSettings, store: @escaping Store, decode: @escaping @Sendable ([UInt8]) throws -> Value, clock: ElapsedClock
    ) throws {
        self.settings = settings
        self.store = store
        self.decode = decode
        self.clock = clock
        journal = try WriteJournal(path: settings.journalPath)
        let entries = try journal.entries()
        replayedKeys = Array(Set(entries.map(\.key)))
        shared.withLock { shared in
            for entry in entries { shared.writes.journaled(entry.key, bytes: entry.bytes, sequence: entry.sequence, reservation: nil) }
        }
        writer.withLock { $0 = Task { [weak self] in await self?.runWriter() } }
    }

    /// Stops the writer; what is still queued stays in the journal for the next start.
    func shutdown() {
        let wake = shared.withLock { shared in
            shared.stopped = true
            defer { shared.writerWake = nil }
            return shared.writerWake
        }
        wake?.resume()
        writer.withLock { $0?.cancel() }
    }

    var statistics: WriteStatistics { shared.withLock { $0.writes.statistics } }

    /// The latest acknowledged bytes of `key` not yet in the store.
    func pendingBytes(_ key: String) -> [UInt8]? {
        shared.withLock { $0.writes.pending[key]?.bytes }
    }

    /// Journals the write of `bytes` for `key`; returns once it is durable. Waits first while the
    /// queue holds `maxPending` other keys.
    /// - Throws: the journal's error (the write is then not acknowledged and not queued).
    func append(_ key: String, _ bytes: [UInt8]) async throws {
        let reservation = await waitForRoom(key)
        do {
            try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
                let lead = shared.withLock { shared in
                    shared.toJournal.append(JournalWrite(key: key, bytes: bytes, reservation: reservation, done: done))
                    defer { shared.committing = true }
                    return !shared.committing
                }
                if lead { Task { await self.commitJournal() } }
            }
        } catch {
            shared.withLock { $0.writes.release(reservation, of: key) }
            throw error
        }
    }

    /// Returns when every acknowledged write has reached the store.
    func drain() async {
        await withCheckedContinuation { (idle: CheckedContinuation<Void, Never>) in
            let now = shared.withLock { shared in
                if shared.writes.isIdle { return true }
                shared.idleWaiters.append(idle)
                return false
            }
            if now { idle.resume() }
        }
    }

    /// Waits until the queue has room for a write of `key`, and takes it.
    private func waitForRoom(_ key: String) async -> WriteBehindState.Reservation {
        var waited = false
        while true {
            let granted: WriteBehindState.Reservation? = await withCheckedContinuation { room in
                let reservation = shared.withLock { shared -> WriteBehindState.Reservation? in
                    if let reservation = shared.writes.reserve(key, limit: settings.maxPending) { return reservation }
                    if !waited { shared.writes.statistics.backPressureWaits += 1 }
                    shared.spaceWaiters.append(room)
                    return nil
                }
                if let reservation { room.resume(returning: reservation) }
            }
            if let granted { return granted }
            waited = true
        }
    }

    /// Commits every write waiting for the journal, group by group, until none waits.
    private func commitJournal() async {
        while true {
            let group = shared.withLock { shared in
                defer { shared.toJournal = [] }
                if shared.toJournal.isEmpty { shared.committing = false }
                return shared.toJournal
            }
            guard !group.isEmpty else { return }
            do {
                let sequences = try await journal.append(group.map { ($0.key, $0.bytes) })
                let wake = shared.withLock { shared in
                    for (write, sequence) in zip(group, sequences) {
                        shared.writes.journaled(write.key, bytes: write.bytes, sequence: sequence, reservation: write.reservation)
                    }
                    defer { shared.writerWake = nil }
                    return shared.writerWake
                }
                wake?.resume()
                for write in group { write.done.resume() }
            } catch {
                // Each appender gives back its reservation when its continuation throws.
                for write in group { write.done.resume(throwing: error) }
            }
        }
    }

    /// The writer: waits for work, takes a batch, hands it to the store, retries until it takes it.
    private func runWriter() async {
        var retryDelay = settings.initialRetryDelay
        while await waitForWork() {
            if settings.batchDelay > .zero { try? await clock.sleep(for: settings.batchDelay) }
            let batch = shared.withLock { $0.writes.takeBatch(limit: settings.batchSize) }
            guard !batch.isEmpty else { continue }
            var writes: [StoreWrite<Value>] = []
            var taken: [(key: String, sequence: Int64)] = []
            for (key, entry) in batch {
                if let value = try? decode(entry.bytes) {
                    writes.append(StoreWrite(key: key, value: value))
                    taken.append((key, entry.sequence))
                } else {
                    shared.withLock { $0.writes.discardUndecodable(key) }
                }
            }
            do {
                if !writes.isEmpty { try await store(writes) }
                try await journal.remove(taken)
                retryDelay = settings.initialRetryDelay
                finish { $0.stored(taken) }
            } catch {
                finish { $0.failed(taken.map(\.key)) }
                guard (try? await clock.sleep(for: retryDelay)) != nil else { return }
                retryDelay = min(retryDelay * 2, settings.maximumRetryDelay)
            }
        }
    }

    /// Updates the state after a batch and wakes whoever waits for room or for an idle queue.
    private func finish(_ update: (inout WriteBehindState) -> Void) {
        let (room, idle) = shared.withLock { shared in
            update(&shared.writes)
            defer { shared.spaceWaiters = [] }
            let idle = shared.writes.isIdle ? shared.idleWaiters : []
            if shared.writes.isIdle { shared.idleWaiters = [] }
            return (shared.spaceWaiters, idle)
        }
        for waiter in room { waiter.resume(returning: nil) }
        for waiter in idle { waiter.resume() }
    }

    /// Suspends until a key waits for the store; `false` once stopped.
    private func waitForWork() async -> Bool {
        await withCheckedContinuation { (wake: CheckedContinuation<Void, Never>) in
            let ready = shared.withLock { shared in
                if shared.writes.hasWork || shared.stopped { return true }
                shared.writerWake = wake
                return false
            }
            if ready { wake.resume() }
        }
        return shared.withLock { !$0.stopped }
    }
}
