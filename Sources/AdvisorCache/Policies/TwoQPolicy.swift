/// 2Q (Johnson & Shasha, VLDB'94), as libCacheSim's `TwoQ` with its defaults.
///
/// Newcomers enter A1in, a FIFO of a quarter of the capacity, where hits change nothing. When
/// the cache is full and A1in holds more than its share, A1in's oldest object leaves and is
/// remembered in A1out, a ghost FIFO of half the capacity; otherwise Am, an LRU, gives up its
/// least recent object. A newcomer remembered in A1out enters Am.
///
/// Deviation from libCacheSim: A1in holds at least one weight unit, so caches under four objects
/// still admit (libCacheSim refuses every object there).
package struct TwoQPolicy: CachePolicy {
    package let capacity: Int
    package var used: Int { a1in.weight + am.weight }
    package var residentCount: Int { a1in.count + am.count }

    /// Capacity share of A1in; beyond it, evictions come from A1in.
    package let a1inCapacity: Int
    /// Capacity of the ghost FIFO A1out.
    package let a1outCapacity: Int
    /// Capacity of Am on its own (libCacheSim's Am is a cache of its own with this size).
    package var amCapacity: Int { capacity - a1inCapacity }

    private var table: NodeTable
    private var a1in = QueueEnds()
    private var am = QueueEnds()
    private var a1out = QueueEnds()

    private enum Tag {
        static let a1in: UInt8 = 1
        static let am: UInt8 = 2
        static let a1out: UInt8 = 3
    }

    /// - Parameters:
    ///   - capacity: objects, or bytes when inserts pass sizes as weights.
    ///   - a1inRatio: share of the capacity for A1in (libCacheSim: 0.25).
    ///   - a1outRatio: ghost capacity as a share of the capacity (libCacheSim: 0.5).
    ///   - expectedIDs: how many identifiers to make room for up front (arrays grow past it on demand).
    package init(capacity: Int, a1inRatio: Double = 0.25, a1outRatio: Double = 0.5, expectedIDs: Int = 0) {
        precondition(capacity > 0, "capacity must be positive")
        precondition(a1inRatio > 0 && a1inRatio < 1 && a1outRatio >= 0, "ratios out of range")
        self.capacity = capacity
        a1inCapacity = max(1, Int(Double(capacity) * a1inRatio))
        a1outCapacity = Int(Double(capacity) * a1outRatio)
        table = NodeTable(expectedIDs: expectedIDs)
    }

    package func contains(_ id: ObjectID) -> Bool {
        let tag = table.queue(of: id)
        return tag == Tag.a1in || tag == Tag.am
    }

    package mutating func access(_ id: ObjectID, now: Int) -> Bool {
        switch table.queue(of: id) {
        case Tag.a1in:
            return true
        case Tag.am:
            table.moveToHead(id, in: &am)
            return true
        default:
            return false
        }
    }

    /// Objects heavier than A1in are refused (as in libCacheSim).
    package mutating func insert(_ id: ObjectID, weight: Int, now: Int, evicted: (ObjectID) -> Void) -> Bool {
        guard PolicyAdmission.fits(weight, in: a1inCapacity) else { return false }
        precondition(!contains(id), "insert of a resident object")
        table.reserve(id)
        let ghostHit = table.queue(of: id) == Tag.a1out
        if ghostHit { table.unlink(id, from: &a1out) }
        while a1in.weight + am.weight + weight > capacity {
            if a1in.weight > a1inCapacity || am.isEmpty {
                let victim = a1in.tail
                table.unlink(victim, from: &a1in)
                remember(victim)
                evicted(victim)
            } else {
                let victim = am.tail
                table.unlink(victim, from: &am)
                evicted(victim)
            }
        }
        table.nodes[Int(id)].weight = UInt32(weight)
        if ghostHit {
            // Am is bounded on its own as well, as libCacheSim's separate Am cache is.
            while am.weight + weight > amCapacity, !am.isEmpty {
                let victim = am.tail
                table.unlink(victim, from: &am)
                evicted(victim)
            }
            table.pushHead(id, tag: Tag.am, onto: &am)
        } else {
            table.pushHead(id, tag: Tag.a1in, onto: &a1in)
        }
        return true
    }

    private mutating func remember(_ id: ObjectID) {
        table.remember(id, tag: Tag.a1out, onto: &a1out, capacity: a1outCapacity)
    }

    package mutating func remove(_ id: ObjectID) {
        switch table.queue(of: id) {
        case Tag.a1in: table.unlink(id, from: &a1in)
        case Tag.am: table.unlink(id, from: &am)
        default: break
        }
    }

    package mutating func forget(_ id: ObjectID) {
        if table.queue(of: id) == Tag.a1out {
            table.unlink(id, from: &a1out)
        } else {
            remove(id)
        }
    }
}
