/// W-TinyLFU (Einziger et al.; Caffeine's policy), as libCacheSim's `WTinyLFU` with its defaults.
///
/// Newcomers enter a window LRU (1% of the capacity); the rest is a segmented LRU (20% probation,
/// 80% protected). When the cache is full, the window's least recent object is a candidate for
/// the main area: while main has room it moves in; otherwise it replaces main's victim only if
/// the frequency sketch counts it strictly more often, else it is evicted.
///
/// Sketch counting follows libCacheSim: hits in the main area and misses count (libCacheSim
/// counts the miss when it inserts; counting it in `access` keeps prefetches out of the sketch),
/// every window candidate counts once more when it is considered, and all counts halve after
/// 32 × (main entries) main-area hits.
///
/// Deviations from libCacheSim, on purpose: libCacheSim refuses objects heavier than the window,
/// which in an object-count cache under 100 objects refuses everything (its reference runs got no
/// hit there); here a newcomer only has to fit the probation segment. In a byte cache the sketch
/// is sized by `expectedObjects` rather than by the capacity in bytes.
///
/// `adaptive` (the `wtinylfu-adaptive` baseline) is Caffeine's W-TinyLFU: the window starts at 1%
/// and a `WindowClimber` resizes it online by hill climbing on the hit rate; a larger window moves
/// main's least recent objects into it, a smaller one moves the window's oldest into main.
package struct WTinyLFUPolicy: CachePolicy {
    package let capacity: Int
    package var used: Int { window.weight + main.weight }
    package var residentCount: Int { window.count + main.count }

    /// Capacity of the window LRU (changed online when adaptive).
    package private(set) var windowCapacity: Int
    /// Capacity of the main segmented LRU.
    package var mainCapacity: Int { capacity - windowCapacity }

    private var table: NodeTable
    private var window = QueueEnds()
    private var main: SegmentedQueues
    private var sketch: FrequencySketch
    private var mainHits = 0
    private let agingPeriod: Int
    /// Resizes the window when the policy is adaptive.
    private var climber: WindowClimber?

    private static let windowTag: UInt8 = 1

    /// - Parameters:
    ///   - capacity: objects, or bytes when inserts pass sizes as weights.
    ///   - windowRatio: share of the capacity for the window LRU (libCacheSim: 0.01).
    ///   - expectedObjects: distinct objects the main area holds, to size the sketch; defaults to
    ///     the main capacity (right for an object-count cache; pass it for a byte cache).
    ///   - expectedIDs: how many identifiers to make room for up front (arrays grow past it on demand).
    ///   - adaptive: whether a hill climber resizes the window online (Caffeine), or it stays fixed (libCacheSim).
    package init(capacity: Int, windowRatio: Double = 0.01, expectedObjects: Int? = nil, expectedIDs: Int = 0, adaptive: Bool = false) {
        precondition(capacity > 0, "capacity must be positive")
        precondition(windowRatio >= 0 && windowRatio < 1, "windowRatio must be in [0, 1)")
        self.capacity = capacity
        windowCapacity = Int(Double(capacity) * windowRatio)
        let mainCapacity = capacity - windowCapacity
        main = SegmentedQueues(capacity: mainCapacity, shares: [1, 4], firstTag: Self.windowTag + 1)
        // Beyond a million entries the sketch's memory (15 counters each) outweighs its benefit.
        let entries = min(expectedObjects ?? mainCapacity, 1 << 20)
        sketch = FrequencySketch(entries: entries)
        agingPeriod = 32 * entries
        table = NodeTable(expectedIDs: expectedIDs)
        if adaptive { climber = WindowClimber(capacity: capacity, entries: expectedObjects ?? capacity) }
    }

    package func contains(_ id: ObjectID) -> Bool {
        let tag = table.queue(of: id)
        return tag == Self.windowTag || main.holds(tag: tag)
    }

    package mutating func access(_ id: ObjectID, now: Int) -> Bool {
        let tag = table.queue(of: id)
        if tag == Self.windowTag {
            table.moveToHead(id, in: &window)
            if climber != nil { climb(hit: true) }
            return true
        }
        sketch.add(id)
        guard main.holds(tag: tag) else {
            if climber != nil { climb(hit: false) }
            return false
        }
        main.promote(id, table: &table)
        mainHits += 1
        if mainHits >= agingPeriod {
            mainHits = 0
            sketch.halve()
        }
        if climber != nil { climb(hit: true) }
        return true
    }

    /// Feeds the climber and applies its adjustment, keeping the window in `0...capacity - 1`.
    private mutating func climb(hit: Bool) {
        guard let amount = climber!.record(hit: hit) else { return }
        let target = min(max(windowCapacity + amount, 0), capacity - 1)
        guard target != windowCapacity else { return }
        windowCapacity = target
        main.resize(capacity: mainCapacity, table: &table)
        // A larger window takes main's least recent objects; a smaller one hands its oldest to main.
        while main.weight > mainCapacity, let victim = main.victim {
            main.remove(victim, table: &table)
            table.pushHead(victim, tag: Self.windowTag, onto: &window)
        }
        while window.weight > windowCapacity, !window.isEmpty {
            let oldest = window.tail
            guard main.weight + Int(table.nodes[Int(oldest)].weight) <= mainCapacity else { break }
            table.unlink(oldest, from: &window)
            main.admit(oldest, table: &table)
        }
    }

    /// Objects heavier than the probation segment are refused.
    package mutating func insert(_ id: ObjectID, weight: Int, now: Int, evicted: (ObjectID) -> Void) -> Bool {
        guard PolicyAdmission.fits(weight, in: main.limits[0]) else { return false }
        precondition(!contains(id), "insert of a resident object")
        table.reserve(id)
        while window.weight + main.weight + weight > capacity {
            evictOne(evicted)
        }
        table.nodes[Int(id)].weight = UInt32(weight)
        table.pushHead(id, tag: Self.windowTag, onto: &window)
        return true
    }

    /// Drains window candidates into main while it has room, then settles one duel (or evicts
    /// from main when the window is empty); exactly one object leaves the cache.
    private mutating func evictOne(_ evicted: (ObjectID) -> Void) {
        while !window.isEmpty {
            let candidate = window.tail
            let candidateWeight = Int(table.nodes[Int(candidate)].weight)
            defer { sketch.add(candidate) }
            if main.weight + candidateWeight <= mainCapacity {
                table.unlink(candidate, from: &window)
                main.admit(candidate, table: &table)
                continue
            }
            let victim = main.victim!
            if sketch.estimate(candidate) > sketch.estimate(victim) {
                table.unlink(candidate, from: &window)
                while main.weight + candidateWeight > mainCapacity {
                    evicted(main.evict(table: &table))
                }
                main.admit(candidate, table: &table)
            } else {
                table.unlink(candidate, from: &window)
                evicted(candidate)
            }
            return
        }
        evicted(main.evict(table: &table))
    }

    package mutating func remove(_ id: ObjectID) {
        let tag = table.queue(of: id)
        if tag == Self.windowTag {
            table.unlink(id, from: &window)
        } else if main.holds(tag: tag) {
            main.remove(id, table: &table)
        }
    }

    /// The sketch cannot forget one identifier; a recycled identifier starts with whatever count
    /// its hash slots carry, which aging soon wipes out.
    package mutating func forget(_ id: ObjectID) { remove(id) }
}
