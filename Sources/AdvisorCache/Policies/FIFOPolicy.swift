/// First in, first out: hits change nothing, the oldest insertion is evicted.
public struct FIFOPolicy: CachePolicy {
    public let capacity: Int
    public var used: Int { store.queue.weight }
    public var residentCount: Int { store.queue.count }

    private var store: SingleQueue

    /// - Parameters:
    ///   - capacity: objects, or bytes when inserts pass sizes as weights.
    ///   - expectedIDs: how many identifiers to make room for up front (arrays grow past it on demand).
    public init(capacity: Int, expectedIDs: Int = 0) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
        store = SingleQueue(expectedIDs: expectedIDs)
    }

    public func contains(_ id: ObjectID) -> Bool { store.contains(id) }

    public mutating func access(_ id: ObjectID, now: Int) -> Bool { store.contains(id) }

    public mutating func insert(_ id: ObjectID, weight: Int, now: Int, evicted: (ObjectID) -> Void) -> Bool {
        guard PolicyAdmission.fits(weight, in: capacity) else { return false }
        while store.queue.weight + weight > capacity {
            let victim = store.queue.tail
            store.table.unlink(victim, from: &store.queue)
            evicted(victim)
        }
        store.admit(id, weight: weight)
        return true
    }

    public mutating func remove(_ id: ObjectID) { store.remove(id) }

    public mutating func forget(_ id: ObjectID) { store.remove(id) }
}
