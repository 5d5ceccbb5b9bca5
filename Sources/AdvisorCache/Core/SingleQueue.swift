/// One queue of resident objects over a `NodeTable`: the storage FIFO, LRU, CLOCK and SIEVE share.
///
/// The policies differ only in what a hit marks and which object leaves; the bookkeeping of
/// admitting, unlinking and counting lives here once.
struct SingleQueue {
    var table: NodeTable
    var queue = QueueEnds()
    static let resident: UInt8 = 1

    init(expectedIDs: Int) {
        table = NodeTable(expectedIDs: expectedIDs)
    }

    @inline(__always)
    func contains(_ id: ObjectID) -> Bool { table.queue(of: id) == Self.resident }

    /// Puts a non-resident `id` at the head with the given weight and per-object bits.
    @inline(__always)
    mutating func admit(_ id: ObjectID, weight: Int, bits: UInt8 = 0) {
        precondition(!contains(id), "insert of a resident object")
        table.reserve(id)
        table.nodes[Int(id)].weight = UInt32(weight)
        table.nodes[Int(id)].bits = bits
        table.pushHead(id, tag: Self.resident, onto: &queue)
    }

    /// Unlinks a resident `id`; returns whether it was resident.
    @inline(__always) @discardableResult
    mutating func remove(_ id: ObjectID) -> Bool {
        guard contains(id) else { return false }
        table.unlink(id, from: &queue)
        return true
    }
}
