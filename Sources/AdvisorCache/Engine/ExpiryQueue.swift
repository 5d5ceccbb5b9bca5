import HeapModule

/// Deadlines of resident entries, earliest first, so expired entries are found without a scan.
///
/// An entry may be queued more than once (its deadline moved earlier) or after it left (evicted
/// before it expired); the engine checks each popped deadline against the slot, which remembers
/// its earliest queued time (`EntrySlots.queuedAt`), and skips stale ones. When stale entries
/// outnumber the live ones the engine rebuilds the queue, so it stays within twice the resident
/// entries.
@usableFromInline
struct ExpiryQueue {
    @usableFromInline
    struct Deadline: Comparable {
        @usableFromInline var time: CacheTime
        @usableFromInline var id: ObjectID
        @usableFromInline static func < (a: Deadline, b: Deadline) -> Bool { a.time < b.time }
    }

    private var heap = Heap<Deadline>()

    @usableFromInline var count: Int { heap.count }

    /// The earliest queued deadline, if it is at or before `time`, removed from the queue.
    @usableFromInline
    mutating func popDue(at time: CacheTime) -> Deadline? {
        guard let first = heap.min, first.time <= time else { return nil }
        return heap.removeMin()
    }

    /// - Complexity: O(log n).
    @usableFromInline
    mutating func push(_ id: ObjectID, at time: CacheTime) {
        heap.insert(Deadline(time: time, id: id))
    }

    /// Replaces the queue with exactly `deadlines`.
    /// - Complexity: O(n).
    mutating func rebuild(_ deadlines: [Deadline]) {
        heap = Heap(deadlines)
    }
}
