/// Segmented LRU storage over a `NodeTable`: segment 0 is probation, the last one the most protected.
///
/// Shared by `SLRUPolicy` and the main area of `WTinyLFUPolicy`. It follows libCacheSim's SLRU:
/// a newcomer goes into the lowest segment with room (so while the cache fills, newcomers land in
/// higher segments too), a hit moves an object one segment up, and a segment over its limit
/// demotes its least recent objects into the segment below. Eviction takes the least recent
/// object of the lowest non-empty segment.
///
/// Deviation from libCacheSim: libCacheSim rounds every segment limit down and lets segment 0
/// overflow by the remainder, which can make a later hit evict an object. Here segment 0 gets the
/// remainder, so limits add up to the capacity and a hit never evicts; demotions stop at segment 0.
struct SegmentedQueues {
    private(set) var segments: [QueueEnds]
    /// Weight limit of each segment.
    private(set) var limits: [Int]
    /// Relative size of each segment, probation first.
    private let shares: [Int]
    /// Queue tag of segment 0; segment `i` is tagged `firstTag + i`.
    let firstTag: UInt8

    /// Sum of the weights of all segments.
    private(set) var weight = 0
    /// Number of objects in all segments.
    private(set) var count = 0

    /// - Parameters:
    ///   - capacity: total weight of all segments.
    ///   - shares: relative size of each segment, probation first.
    ///   - firstTag: queue tag of segment 0; the tags up to `firstTag + shares.count - 1` are used.
    init(capacity: Int, shares: [Int], firstTag: UInt8) {
        precondition(!shares.isEmpty && shares.allSatisfy { $0 > 0 })
        self.shares = shares
        limits = Self.limits(capacity: capacity, shares: shares)
        self.firstTag = firstTag
        segments = Array(repeating: QueueEnds(), count: shares.count)
    }

    private static func limits(capacity: Int, shares: [Int]) -> [Int] {
        let total = Double(shares.reduce(0, +))
        var limits = shares.map { Int(Double($0) / total * Double(capacity)) }
        limits[0] = capacity - limits.dropFirst().reduce(0, +)
        return limits
    }

    /// New total capacity (adaptive W-TinyLFU): the limits are recomputed and each segment over
    /// its new limit demotes its least recent objects into the one below; what the caller must
    /// then move out of segment 0 is left to it.
    mutating func resize(capacity: Int, table: inout NodeTable) {
        limits = Self.limits(capacity: capacity, shares: shares)
        for level in stride(from: segments.count - 1, to: 0, by: -1) {
            while segments[level].weight > limits[level] {
                let demoted = segments[level].tail
                table.unlink(demoted, from: &segments[level])
                table.pushHead(demoted, tag: firstTag + UInt8(level - 1), onto: &segments[level - 1])
            }
        }
    }

    @inline(__always)
    func holds(tag: UInt8) -> Bool { tag &- firstTag < UInt8(segments.count) }

    /// The object that `evict` would take, if any.
    var victim: ObjectID? {
        for segment in segments where !segment.isEmpty { return segment.tail }
        return nil
    }

    /// Admits a non-resident `id` (weight already set in the table) into the lowest segment with room.
    mutating func admit(_ id: ObjectID, table: inout NodeTable) {
        let objectWeight = Int(table.nodes[Int(id)].weight)
        var target = 0
        for index in segments.indices where segments[index].weight + objectWeight <= limits[index] {
            target = index
            break
        }
        table.pushHead(id, tag: firstTag + UInt8(target), onto: &segments[target])
        weight += objectWeight
        count += 1
    }

    /// A hit on resident `id`: one segment up (or to the head of the top one), then demotions.
    mutating func promote(_ id: ObjectID, table: inout NodeTable) {
        let from = Int(table.nodes[Int(id)].queue - firstTag)
        let top = segments.count - 1
        guard from < top else {
            table.moveToHead(id, in: &segments[top])
            return
        }
        table.unlink(id, from: &segments[from])
        table.pushHead(id, tag: firstTag + UInt8(from + 1), onto: &segments[from + 1])
        var level = from + 1
        while level > 0 {
            while segments[level].weight > limits[level] {
                let demoted = segments[level].tail
                table.unlink(demoted, from: &segments[level])
                table.pushHead(demoted, tag: firstTag + UInt8(level - 1), onto: &segments[level - 1])
            }
            level -= 1
        }
    }

    /// Evicts the least recent object of the lowest non-empty segment; the segments must not be empty.
    mutating func evict(table: inout NodeTable) -> ObjectID {
        let id = victim!
        remove(id, table: &table)
        return id
    }

    /// Takes resident `id` out.
    mutating func remove(_ id: ObjectID, table: inout NodeTable) {
        let segment = Int(table.nodes[Int(id)].queue - firstTag)
        weight -= Int(table.nodes[Int(id)].weight)
        count -= 1
        table.unlink(id, from: &segments[segment])
    }
}
