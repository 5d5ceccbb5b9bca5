/// Least recently used: a hit moves the object to the head, the tail is evicted.
///
/// One queue threaded through the per-id slots; a hit is a handful of array writes, no hashing.
package struct LRUPolicy: CachePolicy {
    package let capacity: Int
    package var used: Int { store.queue.weight }
    package var residentCount: Int { store.queue.count }

    private var store: SingleQueue

    /// - Parameters:
    ///   - capacity: objects, or bytes when inserts pass sizes as weights.
    ///   - expectedIDs: how many identifiers to make room for up front (arrays grow past it on demand).
    package init(capacity: Int, expectedIDs: Int = 0) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
        store = SingleQueue(expectedIDs: expectedIDs)
    }

    package func contains(_ id: ObjectID) -> Bool { store.contains(id) }

    package mutating func access(_ id: ObjectID, now: Int) -> Bool {
        guard store.contains(id) else { return false }
        store.table.moveToHead(id, in: &store.queue)
        return true
    }

    package mutating func insert(_ id: ObjectID, weight: Int, now: Int, evicted: (ObjectID) -> Void) -> Bool {
        guard PolicyAdmission.fits(weight, in: capacity) else { return false }
        while store.queue.weight + weight > capacity {
            let victim = store.queue.tail
            store.table.unlink(victim, from: &store.queue)
            evicted(victim)
        }
        store.admit(id, weight: weight)
        return true
    }

    package mutating func remove(_ id: ObjectID) { store.remove(id) }

    package mutating func forget(_ id: ObjectID) { store.remove(id) }
}
