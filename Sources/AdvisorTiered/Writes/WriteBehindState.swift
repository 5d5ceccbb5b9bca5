import DequeModule

/// The write-behind queue's bookkeeping, without I/O: which keys wait for the store (oldest
/// first, each once), the latest journaled bytes of each, and which keys a batch holds.
///
/// A key written again while its batch is in flight stays pending with the newer sequence number
/// and is queued again when the batch ends; a failed batch's keys go back to the front.
///
/// The bound on pending keys is strict: a write of a new key reserves a slot before it journals,
/// and a write of a pending key holds that key's entry, so the entry cannot leave (and its slot be
/// given away) while the write is on its way to the journal.
struct WriteBehindState {
    struct Pending {
        var bytes: [UInt8]
        var sequence: Int64
        /// Whether the store already has these bytes (the entry stays only for a write holding it).
        var stored = false
    }

    /// What a write was given by `reserve`, handed back by `journaled` or `release`.
    enum Reservation {
        /// A new slot for a key not pending.
        case slot
        /// A hold on the pending entry of the key.
        case hold
    }

    private(set) var pending: [String: Pending] = [:]
    private var queue: Deque<String> = []
    private var queued: Set<String> = []
    private var inFlight: [String: Int64] = [:]
    /// Slots promised to writes of new keys that are journaling now.
    private var reserved = 0
    /// Writes journaling now per pending key they hold.
    private var holds: [String: Int] = [:]
    var statistics = WriteStatistics()

    var isIdle: Bool { pending.isEmpty && inFlight.isEmpty }
    var hasWork: Bool { !queue.isEmpty }

    /// Lets a write of `key` proceed if `limit` distinct pending keys allow it.
    /// - Returns: what the write holds until it is journaled, or `nil` when it must wait.
    mutating func reserve(_ key: String, limit: Int) -> Reservation? {
        if pending[key] != nil {
            holds[key, default: 0] += 1
            return .hold
        }
        guard pending.count + reserved < limit else { return nil }
        reserved += 1
        return .slot
    }

    /// Records a journaled write (in journal order); `reservation` is `nil` for a replayed one.
    mutating func journaled(_ key: String, bytes: [UInt8], sequence: Int64, reservation: Reservation?) {
        if reservation == nil { statistics.replayed += 1 } else { statistics.acknowledged += 1 }
        if let reservation { give(reservation, of: key) }
        if let previous = pending[key], !previous.stored, inFlight[key] == nil { statistics.coalesced += 1 }
        pending[key] = Pending(bytes: bytes, sequence: sequence)
        if !queued.contains(key), inFlight[key] == nil {
            queue.append(key)
            queued.insert(key)
        }
        statistics.pending = pending.count
        statistics.peakPending = max(statistics.peakPending, pending.count)
    }

    /// Gives back what a write whose journal commit failed held.
    mutating func release(_ reservation: Reservation, of key: String) {
        give(reservation, of: key)
        if let entry = pending[key], entry.stored, holds[key] == nil {
            pending[key] = nil
            statistics.pending = pending.count
        }
    }

    private mutating func give(_ reservation: Reservation, of key: String) {
        switch reservation {
        case .slot:
            reserved -= 1
        case .hold:
            let left = (holds[key] ?? 1) - 1
            holds[key] = left > 0 ? left : nil
        }
    }

    /// Takes up to `limit` of the oldest waiting keys for a batch.
    mutating func takeBatch(limit: Int) -> [(key: String, pending: Pending)] {
        var batch: [(key: String, pending: Pending)] = []
        while batch.count < limit, let key = queue.popFirst() {
            queued.remove(key)
            guard let entry = pending[key], !entry.stored else { continue }
            inFlight[key] = entry.sequence
            batch.append((key, entry))
        }
        return batch
    }

    /// Ends a batch the store took: keys not written again meanwhile stop being pending.
    mutating func stored(_ batch: [(key: String, sequence: Int64)]) {
        statistics.batches += 1
        statistics.storedKeys += batch.count
        for (key, sequence) in batch {
            inFlight[key] = nil
            if let entry = pending[key], entry.sequence > sequence {
                queue.append(key)
                queued.insert(key)
            } else if holds[key] != nil {
                pending[key]?.stored = true
            } else {
                pending[key] = nil
            }
        }
        statistics.pending = pending.count
    }

    /// Ends a batch the store refused: its keys go back to the front, oldest first.
    mutating func failed(_ batch: [String]) {
        statistics.failedBatches += 1
        for key in batch.reversed() {
            inFlight[key] = nil
            if !queued.contains(key) {
                queue.prepend(key)
                queued.insert(key)
            }
        }
    }

    /// Drops a key whose bytes cannot be decoded (its journal rows stay).
    mutating func discardUndecodable(_ key: String) {
        inFlight[key] = nil
        pending[key] = nil
        statistics.undecodable += 1
        statistics.pending = pending.count
    }
}
