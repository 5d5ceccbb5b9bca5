/// ARC (Megiddo & Modha, FAST'03), following libCacheSim's `ARC` (adaptive target `p` as a real number).
///
/// T1 holds objects seen once recently, T2 objects seen at least twice; B1 and B2 remember what
/// T1 and T2 recently evicted. A request that finds its object in B1 grows the target size `p`
/// of T1, one found in B2 shrinks it, and the object comes back into T2.
///
/// The ghost lookup happens in `insert` (the request that re-admits the object), not in
/// `access`, so a runtime that loads between the two still adapts on the right request.
package struct ARCPolicy: CachePolicy {
    package let capacity: Int
    package var used: Int { t1.weight + t2.weight }
    package var residentCount: Int { t1.count + t2.count }

    private var table: NodeTable
    private var t1 = QueueEnds()
    private var t2 = QueueEnds()
    private var b1 = QueueEnds()
    private var b2 = QueueEnds()
    /// Target weight of T1.
    private var p: Double = 0

    private enum Tag {
        static let t1: UInt8 = 1
        static let t2: UInt8 = 2
        static let b1: UInt8 = 3
        static let b2: UInt8 = 4
    }

    /// - Parameters:
    ///   - capacity: objects, or bytes when inserts pass sizes as weights.
    ///   - expectedIDs: how many identifiers to make room for up front (arrays grow past it on demand).
    package init(capacity: Int, expectedIDs: Int = 0) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
        table = NodeTable(expectedIDs: expectedIDs)
    }

    package func contains(_ id: ObjectID) -> Bool {
        let tag = table.queue(of: id)
        return tag == Tag.t1 || tag == Tag.t2
    }

    package mutating func access(_ id: ObjectID, now: Int) -> Bool {
        switch table.queue(of: id) {
        case Tag.t1:
            table.transfer(id, from: &t1, to: &t2, tag: Tag.t2)
            return true
        case Tag.t2:
            table.moveToHead(id, in: &t2)
            return true
        default:
            return false
        }
    }

    package mutating func insert(_ id: ObjectID, weight: Int, now: Int, evicted: (ObjectID) -> Void) -> Bool {
        guard PolicyAdmission.fits(weight, in: capacity) else { return false }
        precondition(!contains(id), "insert of a resident object")
        table.reserve(id)
        let ghost = table.queue(of: id)
        if ghost == Tag.b1 {
            p = min(p + max(Double(b2.weight) / Double(b1.weight), 1), Double(capacity))
            table.unlink(id, from: &b1)
        } else if ghost == Tag.b2 {
            p = max(p - max(Double(b1.weight) / Double(b2.weight), 1), 0)
            table.unlink(id, from: &b2)
        }
        let ghostHit = ghost == Tag.b1 || ghost == Tag.b2
        while t1.weight + t2.weight + weight > capacity {
            if ghostHit {
                evicted(replace(requestWasInB2: ghost == Tag.b2))
            } else {
                evicted(evictForNewObject(weight: weight))
            }
        }
        table.nodes[Int(id)].weight = UInt32(weight)
        if ghostHit {
            table.pushHead(id, tag: Tag.t2, onto: &t2)
        } else {
            table.pushHead(id, tag: Tag.t1, onto: &t1)
        }
        return true
    }

    /// The paper's REPLACE: demote T1's or T2's least recent object to its ghost list.
    private mutating func replace(requestWasInB2: Bool) -> ObjectID {
        let t1Weight = Double(t1.weight)
        let fromT1 = (t1.weight > 0 && (t1Weight > p || (t1Weight == p && requestWasInB2))) || t2.weight == 0
        if fromT1 {
            let victim = t1.tail
            table.transfer(victim, from: &t1, to: &b1, tag: Tag.b1)
            return victim
        }
        let victim = t2.tail
        table.transfer(victim, from: &t2, to: &b2, tag: Tag.b2)
        return victim
    }

    /// The paper's case IV (a miss in every list), evicting one object.
    private mutating func evictForNewObject(weight: Int) -> ObjectID {
        if t1.weight + b1.weight + weight > capacity {
            guard b1.weight > 0 else {
                // T1 alone fills the cache: drop its least recent object without a ghost.
                let victim = t1.tail
                table.unlink(victim, from: &t1)
                return victim
            }
            table.unlink(b1.tail, from: &b1)
        } else if t1.weight + b1.weight + t2.weight + b2.weight >= 2 * capacity, b2.weight > 0 {
            table.unlink(b2.tail, from: &b2)
        }
        return replace(requestWasInB2: false)
    }

    package mutating func remove(_ id: ObjectID) {
        switch table.queue(of: id) {
        case Tag.t1: table.unlink(id, from: &t1)
        case Tag.t2: table.unlink(id, from: &t2)
        default: break
        }
    }

    package mutating func forget(_ id: ObjectID) {
        switch table.queue(of: id) {
        case Tag.b1: table.unlink(id, from: &b1)
        case Tag.b2: table.unlink(id, from: &b2)
        default: remove(id)
        }
    }
}
