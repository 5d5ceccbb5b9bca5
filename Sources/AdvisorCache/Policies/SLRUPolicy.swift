/// Segmented LRU with four equal segments, as libCacheSim's `SLRU` with its defaults.
///
/// A hit moves an object one segment up; an overfull segment demotes its least recent objects
/// one segment down; the least recent object of the lowest segment is evicted. See
/// `SegmentedQueues` for the admission order and the one deviation from libCacheSim.
package struct SLRUPolicy: CachePolicy {
    package let capacity: Int
    package var used: Int { segments.weight }
    package var residentCount: Int { segments.count }

    private var table: NodeTable
    private var segments: SegmentedQueues

    /// - Parameters:
    ///   - capacity: objects, or bytes when inserts pass sizes as weights.
    ///   - segmentCount: number of equal segments (libCacheSim: 4).
    ///   - expectedIDs: how many identifiers to make room for up front (arrays grow past it on demand).
    package init(capacity: Int, segmentCount: Int = 4, expectedIDs: Int = 0) {
        precondition(capacity > 0, "capacity must be positive")
        precondition((1...16).contains(segmentCount), "segmentCount must be 1...16")
        self.capacity = capacity
        table = NodeTable(expectedIDs: expectedIDs)
        segments = SegmentedQueues(capacity: capacity, shares: Array(repeating: 1, count: segmentCount), firstTag: 1)
    }

    package func contains(_ id: ObjectID) -> Bool { segments.holds(tag: table.queue(of: id)) }

    package mutating func access(_ id: ObjectID, now: Int) -> Bool {
        guard contains(id) else { return false }
        segments.promote(id, table: &table)
        return true
    }

    /// Objects heavier than the probation segment are refused (as in libCacheSim).
    package mutating func insert(_ id: ObjectID, weight: Int, now: Int, evicted: (ObjectID) -> Void) -> Bool {
        guard PolicyAdmission.fits(weight, in: segments.limits[0]) else { return false }
        precondition(!contains(id), "insert of a resident object")
        table.reserve(id)
        while segments.weight + weight > capacity {
            evicted(segments.evict(table: &table))
        }
        table.nodes[Int(id)].weight = UInt32(weight)
        segments.admit(id, table: &table)
        return true
    }

    package mutating func remove(_ id: ObjectID) {
        if contains(id) { segments.remove(id, table: &table) }
    }

    package mutating func forget(_ id: ObjectID) { remove(id) }
}
