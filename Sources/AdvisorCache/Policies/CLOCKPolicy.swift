/// CLOCK (second chance, FIFO with reinsertion), as libCacheSim's `Clock` with its defaults.
///
/// A newcomer starts with its reference bit clear; a hit sets it. To evict, the oldest object
/// with the bit set has it cleared and goes back to the head; the first one found clear leaves.
package struct CLOCKPolicy: CachePolicy {
    package let capacity: Int
    package var used: Int { store.queue.weight }
    package var residentCount: Int { store.queue.count }

    private var store: SingleQueue
    /// Largest counter value: 1 for the classic one-bit CLOCK (libCacheSim `n-bit-counter=1`).
    private let maxFrequency: UInt8

    /// - Parameters:
    ///   - capacity: objects, or bytes when inserts pass sizes as weights.
    ///   - counterBits: bits of the per-object counter (1 = classic CLOCK); at most 8.
    ///   - expectedIDs: how many identifiers to make room for up front (arrays grow past it on demand).
    package init(capacity: Int, counterBits: Int = 1, expectedIDs: Int = 0) {
        precondition(capacity > 0, "capacity must be positive")
        precondition((1...8).contains(counterBits), "counterBits must be 1...8")
        self.capacity = capacity
        maxFrequency = UInt8((1 << counterBits) - 1)
        store = SingleQueue(expectedIDs: expectedIDs)
    }

    package func contains(_ id: ObjectID) -> Bool { store.contains(id) }

    package mutating func access(_ id: ObjectID, now: Int) -> Bool {
        guard store.contains(id) else { return false }
        let index = Int(id)
        if store.table.nodes[index].bits < maxFrequency { store.table.nodes[index].bits += 1 }
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

    /// Sweeps from the tail, giving referenced objects another round, and evicts the first unreferenced one.
    private mutating func evictOne() -> ObjectID {
        var victim = store.queue.tail
        while store.table.nodes[Int(victim)].bits > 0 {
            store.table.nodes[Int(victim)].bits -= 1
            store.table.moveToHead(victim, in: &store.queue)
            victim = store.queue.tail
        }
        store.table.unlink(victim, from: &store.queue)
        return victim
    }

    package mutating func remove(_ id: ObjectID) { store.remove(id) }

    package mutating func forget(_ id: ObjectID) { store.remove(id) }
}
