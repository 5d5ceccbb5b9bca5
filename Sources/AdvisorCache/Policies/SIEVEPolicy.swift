/// SIEVE (Zhang et al., NSDI'24), as libCacheSim's `Sieve`.
///
/// Objects are kept in insertion order and never move. A hit sets a visited bit. A hand walks
/// from the oldest object towards the newest, clearing visited bits, and evicts the first
/// unvisited object; it stays where it stopped, wrapping to the oldest end after the newest.
package struct SIEVEPolicy: CachePolicy {
    package let capacity: Int
    package var used: Int { store.queue.weight }
    package var residentCount: Int { store.queue.count }

    private var store: SingleQueue
    /// Where the next sweep starts; `NodeTable.none` means at the tail (oldest).
    private var hand: UInt32 = NodeTable.none

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
        store.table.nodes[Int(id)].bits = 1
        return true
    }

    package mutating func insert(_ id: ObjectID, weight: Int, now: Int, evicted: (ObjectID) -> Void) -> Bool {
        guard PolicyAdmission.fits(weight, in: capacity) else { return false }
        while store.queue.weight + weight > capacity {
            evicted(evictOne())
        }
        store.admit(id, weight: weight)
        return true
    }

    private mutating func evictOne() -> ObjectID {
        var victim = hand == NodeTable.none ? store.queue.tail : hand
        while store.table.nodes[Int(victim)].bits > 0 {
            store.table.nodes[Int(victim)].bits = 0
            let newer = store.table.nodes[Int(victim)].prev
            victim = newer == NodeTable.none ? store.queue.tail : newer
        }
        hand = store.table.nodes[Int(victim)].prev
        store.table.unlink(victim, from: &store.queue)
        return victim
    }

    package mutating func remove(_ id: ObjectID) {
        guard store.contains(id) else { return }
        if id == hand { hand = store.table.nodes[Int(id)].prev }
        store.remove(id)
    }

    package mutating func forget(_ id: ObjectID) { remove(id) }
}
