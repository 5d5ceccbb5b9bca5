/// S3-FIFO (Yang et al., SOSP'23), following libCacheSim's `S3FIFO` with its defaults.
///
/// A small FIFO (10% of the capacity) takes newcomers; one accessed at least twice while there
/// moves to the main FIFO when it reaches the tail, the others leave and are remembered in a
/// ghost FIFO (90% of the capacity). A newcomer found in the ghost goes straight to main. Main is
/// a CLOCK with a 2-bit counter: an accessed object at the tail goes back to the head with its
/// counter decremented. Until the first eviction, newcomers that find the small FIFO full go to
/// main, as in libCacheSim.
///
/// Deviation from libCacheSim, on purpose: libCacheSim refuses an object *as heavy as* the small
/// FIFO, which in an object-count cache under 20 objects refuses every object (its reference runs
/// got no hit there); here only an object heavier than the small FIFO is refused, and the small
/// FIFO holds at least one weight unit.
///
/// The core is generic over a `TailRanker` consulted when main evicts: `S3FIFOPolicy` is the plain
/// heuristic (`HeuristicOnly`), `LearnedPolicy` the same queues with a model choosing among main's
/// oldest objects.
@usableFromInline package typealias S3FIFOPolicy = S3FIFOCore<HeuristicOnly>

/// Which of S3-FIFO's queues holds an object (a generic type cannot hold static constants).
/// Computed, so the hit inlined into an embedder's module reads no lazily initialised global.
@usableFromInline
enum S3FIFOTag {
    @inlinable static var small: UInt8 { 1 }
    @inlinable static var main: UInt8 { 2 }
    @inlinable static var ghost: UInt8 { 3 }
}

/// S3-FIFO's queues, with main's victim chosen by `Ranker` among the objects at its tail.
@usableFromInline
package struct S3FIFOCore<Ranker: TailRanker>: CachePolicy {
    @usableFromInline package let capacity: Int
    @usableFromInline package var used: Int { small.weight + main.weight }
    @usableFromInline package var residentCount: Int { small.count + main.count }

    /// Capacity of the small FIFO.
    package let smallCapacity: Int
    /// Capacity of the main FIFO.
    package var mainCapacity: Int { capacity - smallCapacity }
    /// Capacity of the ghost FIFO (weights of remembered objects).
    package let ghostCapacity: Int
    /// Accesses in the small FIFO that earn a move to main.
    package let moveToMainThreshold: UInt8

    @usableFromInline var table: NodeTable
    private var small = QueueEnds()
    private var main = QueueEnds()
    private var ghost = QueueEnds()
    private var hasEvicted = false
    /// Chooses main's victim among its oldest objects.
    @usableFromInline package var ranker: Ranker

    @usableFromInline typealias Tag = S3FIFOTag
    /// Counters saturate here: main reinserts with `min(count, 3) - 1`, so more is never needed.
    @inlinable static var maxCount: UInt8 { 3 }

    /// - Parameters:
    ///   - capacity: objects, or bytes when inserts pass sizes as weights.
    ///   - smallRatio: share of the capacity for the small FIFO (libCacheSim: 0.1).
    ///   - ghostRatio: ghost FIFO capacity as a share of the capacity (libCacheSim: 0.9).
    ///   - moveToMainThreshold: accesses in the small FIFO that move an object to main (libCacheSim: 2).
    ///   - expectedIDs: how many identifiers to make room for up front (arrays grow past it on demand).
    ///   - ranker: consulted before each eviction from main.
    package init(
        capacity: Int, smallRatio: Double = 0.1, ghostRatio: Double = 0.9, moveToMainThreshold: Int = 2, expectedIDs: Int = 0,
        ranker: Ranker
    ) {
        precondition(capacity > 0, "capacity must be positive")
        precondition(smallRatio > 0 && smallRatio < 1 && ghostRatio >= 0, "ratios out of range")
        precondition((1...Int(Self.maxCount)).contains(moveToMainThreshold), "threshold must be 1...3")
        self.capacity = capacity
        smallCapacity = max(1, Int(Double(capacity) * smallRatio))
        ghostCapacity = Int(Double(capacity) * ghostRatio)
        self.moveToMainThreshold = UInt8(moveToMainThreshold)
        table = NodeTable(expectedIDs: expectedIDs)
        self.ranker = ranker
    }

    @inlinable
    package func contains(_ id: ObjectID) -> Bool {
        let tag = table.queue(of: id)
        return tag == Tag.small || tag == Tag.main
    }

    @inlinable @inline(__always)
    package mutating func access(_ id: ObjectID, now: Int) -> Bool {
        let resident = contains(id)
        ranker.requested(id, now: now)
        guard resident else { return false }
        let index = Int(id)
        if table.nodes[index].bits < Self.maxCount { table.nodes[index].bits += 1 }
        return true
    }

    @usableFromInline package mutating func insert(_ id: ObjectID, weight: Int, now: Int, evicted: (ObjectID) -> Void) -> Bool {
        guard PolicyAdmission.fits(weight, in: capacity), weight <= smallCapacity else { return false }
        precondition(!contains(id), "insert of a resident object")
        table.reserve(id)
        let ghostHit = table.queue(of: id) == Tag.ghost
        if ghostHit { table.unlink(id, from: &ghost) }
        while small.weight + main.weight + weight > capacity {
            evicted(evictOne(now: now))
        }
        ranker.inserted(id, weight: weight, now: now)
        table.nodes[Int(id)].weight = UInt32(weight)
        table.nodes[Int(id)].bits = 0
        if ghostHit || (!hasEvicted && small.weight >= smallCapacity) {
            table.pushHead(id, tag: Tag.main, onto: &main)
        } else {
            table.pushHead(id, tag: Tag.small, onto: &small)
        }
        return true
    }

    private mutating func evictOne(now: Int) -> ObjectID {
        hasEvicted = true
        if main.weight > mainCapacity || small.isEmpty {
            return evictMain(now: now)
        }
        // Moving accessed objects to main may empty the small FIFO without evicting anything.
        return evictSmall(now: now) ?? evictMain(now: now)
    }

    /// Walks the small FIFO's tail: accessed objects move to main, the first other one leaves
    /// (or the neighbour the ranker picks instead).
    private mutating func evictSmall(now: Int) -> ObjectID? {
        while !small.isEmpty {
            let candidate = small.tail
            if table.nodes[Int(candidate)].bits >= moveToMainThreshold {
                table.nodes[Int(candidate)].bits = 0
                table.transfer(candidate, from: &small, to: &main, tag: Tag.main)
            } else {
                let victim = ranker.candidateCount > 1 ? rankedVictim(startingAt: candidate, now: now, fromMain: false) : candidate
                table.unlink(victim, from: &small)
                remember(victim)
                return victim
            }
        }
        return nil
    }

    /// Main is a CLOCK with a 2-bit counter: accessed objects get another round, one count less.
    /// The CLOCK's victim and its neighbours towards the head go to the ranker, which picks one.
    private mutating func evictMain(now: Int) -> ObjectID {
        while true {
            let candidate = main.tail
            let count = table.nodes[Int(candidate)].bits
            if count == 0 {
                let victim = ranker.candidateCount > 1 ? rankedVictim(startingAt: candidate, now: now, fromMain: true) : candidate
                table.unlink(victim, from: &main)
                return victim
            }
            table.nodes[Int(candidate)].bits = count - 1
            table.moveToHead(candidate, in: &main)
        }
    }

    /// The ranker's choice among the heuristic's victim and up to `candidateCount - 1` objects
    /// after it in its queue. Kept candidates stay where they are: the next eviction sees them again.
    private mutating func rankedVictim(startingAt first: ObjectID, now: Int, fromMain: Bool) -> ObjectID {
        let limit = ranker.candidateCount
        let residents = residentCount
        return withUnsafeTemporaryAllocation(of: ObjectID.self, capacity: limit) { candidates in
            var count = 0
            var id = first
            while count < limit, id != NodeTable.none {
                candidates[count] = id
                count += 1
                id = table.nodes[Int(id)].prev
            }
            let chosen = ranker.choose(
                among: UnsafeBufferPointer(rebasing: candidates[..<count]), now: now, residents: residents, fromMain: fromMain)
            return candidates[chosen]
        }
    }

    /// Adds an object evicted from the small FIFO to the ghost FIFO, dropping the oldest ghosts.
    private mutating func remember(_ id: ObjectID) {
        table.remember(id, tag: Tag.ghost, onto: &ghost, capacity: ghostCapacity)
    }

    @usableFromInline package mutating func remove(_ id: ObjectID) {
        switch table.queue(of: id) {
        case Tag.small: table.unlink(id, from: &small)
        case Tag.main: table.unlink(id, from: &main)
        default: break
        }
    }

    @usableFromInline package mutating func forget(_ id: ObjectID) {
        if table.queue(of: id) == Tag.ghost {
            table.unlink(id, from: &ghost)
        } else {
            remove(id)
        }
        ranker.forgot(id)
    }
}

extension S3FIFOCore where Ranker == HeuristicOnly {
    /// Plain S3-FIFO; the parameters as `init(capacity:smallRatio:ghostRatio:moveToMainThreshold:expectedIDs:ranker:)`.
    package init(capacity: Int, smallRatio: Double = 0.1, ghostRatio: Double = 0.9, moveToMainThreshold: Int = 2, expectedIDs: Int = 0) {
        self.init(
            capacity: capacity, smallRatio: smallRatio, ghostRatio: ghostRatio, moveToMainThreshold: moveToMainThreshold,
            expectedIDs: expectedIDs, ranker: HeuristicOnly())
    }
}
