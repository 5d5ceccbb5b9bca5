/// Belady's MIN, the offline optimum for an object-count cache: evicts the resident object whose
/// next request is farthest away (or never comes), as libCacheSim's `Belady`.
///
/// It reads the future from the trace's `NextAccess` array, so `now` must be the index of the
/// current request in that trace. Like libCacheSim, a newcomer is always admitted, even when it is
/// the object needed farthest away. In a byte cache it is a heuristic, not the optimum.
package struct BeladyPolicy: CachePolicy {
    package let capacity: Int
    package private(set) var used = 0
    package var residentCount: Int { heap.count }

    private let nextAccess: [Int32]
    private var heap: IndexedMaxHeap
    private var weights: [UInt32]

    /// - Parameters:
    ///   - capacity: objects, or bytes when inserts pass sizes as weights.
    ///   - nextAccess: `NextAccess.compute` of the trace being replayed.
    ///   - expectedIDs: how many identifiers to make room for up front (arrays grow past it on demand).
    package init(capacity: Int, nextAccess: [Int32], expectedIDs: Int = 0) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
        self.nextAccess = nextAccess
        heap = IndexedMaxHeap(expectedIDs: expectedIDs)
        weights = [UInt32](repeating: 0, count: max(expectedIDs, 0))
    }

    package func contains(_ id: ObjectID) -> Bool { heap.contains(id) }

    /// The next request for the object requested at `now`; requests past the trace's end never recur.
    @inline(__always)
    private func next(after now: Int) -> Int32 {
        precondition(now >= 0, "now is the request index in the trace")
        return now < nextAccess.count ? nextAccess[now] : NextAccess.never
    }

    package mutating func access(_ id: ObjectID, now: Int) -> Bool {
        guard heap.contains(id) else { return false }
        heap.update(id, key: next(after: now))
        return true
    }

    package mutating func insert(_ id: ObjectID, weight: Int, now: Int, evicted: (ObjectID) -> Void) -> Bool {
        guard PolicyAdmission.fits(weight, in: capacity) else { return false }
        precondition(!contains(id), "insert of a resident object")
        while used + weight > capacity {
            let victim = heap.top!
            remove(victim)
            evicted(victim)
        }
        if Int(id) >= weights.count {
            weights.append(contentsOf: repeatElement(0, count: max(Int(id) + 1, weights.count * 2, 1024) - weights.count))
        }
        weights[Int(id)] = UInt32(weight)
        used += weight
        heap.insert(id, key: next(after: now))
        return true
    }

    package mutating func remove(_ id: ObjectID) {
        guard heap.contains(id) else { return }
        heap.remove(id)
        used -= Int(weights[Int(id)])
    }

    package mutating func forget(_ id: ObjectID) { remove(id) }
}
