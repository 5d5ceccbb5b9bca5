// Public because the inlinable L1 hit reads the tombstone count.
public import Synchronization

/// Hands out increasing epochs: each L1 fill takes one when its fetch starts, each prefix
/// invalidation one when it happens.
final class EpochCounter: Sendable {
    private let value = Atomic<UInt64>(1)

    func next() -> UInt64 { value.add(1, ordering: .relaxed).oldValue }
}

/// Recent prefix invalidations, so L1 (which cannot list its keys) drops a covered entry when it
/// is next read: an entry whose fetch started before an invalidation of a prefix of its key.
///
/// Bounded: past `limit` tombstones L1 is emptied instead and the list starts over, so the check on
/// an L1 hit stays a few string comparisons, and nothing when there is no tombstone.
@usableFromInline
final class PrefixTombstones: Sendable {
    static let limit = 64
    private let entries = Mutex<[(prefix: String, epoch: UInt64)]>([])
    @usableFromInline let count = Atomic<Int>(0)

    @inlinable var isEmpty: Bool { count.load(ordering: .relaxed) == 0 }

    /// Records an invalidation of `prefix` at `epoch`.
    /// - Returns: `false` when the list was full: the caller empties L1 (the list is then cleared).
    func add(_ prefix: String, epoch: UInt64) -> Bool {
        entries.withLock { entries in
            guard entries.count < Self.limit else {
                entries = []
                count.store(0, ordering: .relaxed)
                return false
            }
            entries.append((prefix, epoch))
            count.store(entries.count, ordering: .relaxed)
            return true
        }
    }

    /// Whether an invalidation after `epoch` covers `key`.
    @usableFromInline
    func covers(_ key: String, stampedAt epoch: UInt64) -> Bool {
        entries.withLock { entries in entries.contains { $0.epoch > epoch && key.hasPrefix($0.prefix) } }
    }

    /// Forgets every tombstone (L1 was emptied).
    func removeAll() {
        entries.withLock { entries in
            entries = []
            count.store(0, ordering: .relaxed)
        }
    }
}
