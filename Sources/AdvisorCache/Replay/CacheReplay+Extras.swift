import HeapModule

extension CacheReplay {
    /// How long an entry may stay cached after its last request.
    public enum TTLRule: Sendable {
        /// The same TTL for every entry, in the trace's clock units.
        case fixed(Double)
        /// A TTL per entry from its predicted reuse time.
        case adaptive(AdaptiveTTL)

        /// The TTL of `id` after a request or load at `now`, in clock units.
        func ttl(of id: ObjectID, now: Int, history: ObjectHistory) -> Double {
            switch self {
            case .fixed(let value): value
            case .adaptive(let advisor): advisor.ttl(of: id, now: now, history: history)
            }
        }
    }

    /// What a replay adds to plain eviction: prefetching, TTLs, and the clock they use.
    public struct Extras: Sendable {
        /// Proposes objects to load ahead; nil for none.
        public var prefetcher: Prefetcher?
        /// Expiry rule; nil for none.
        public var ttl: TTLRule?
        /// Each request's time (seconds, non-decreasing); nil counts time in requests.
        public var clock: [Double]?
        /// Each object's size, for prefetched objects that were never requested before.
        public var objectSizes: [UInt32]
        /// The request history the prefetcher and the TTL model read.
        public var history: ObjectHistory

        public init(prefetcher: Prefetcher? = nil, ttl: TTLRule? = nil, clock: [Double]? = nil, objectSizes: [UInt32], expectedObjects: Int = 0) {
            self.prefetcher = prefetcher
            self.ttl = ttl
            self.clock = clock
            self.objectSizes = objectSizes
            self.history = ObjectHistory(expectedObjects: expectedObjects)
        }
    }

    /// Replays with prefetching and/or TTLs, counting their costs and memory held.
    public func run<P: CachePolicy>(_ policy: inout P, requests: Range<Int>, countedFrom: Int, extras: inout Extras) -> CacheTally {
        var tally = CacheTally()
        var state = ExtrasState(objectCount: extras.objectSizes.count)
        let byWeight = unit == .bytes
        var previousTime = requests.isEmpty ? 0 : time(requests.lowerBound, extras.clock)
        // Taken out of `extras` so the closures below never overlap an access to it.
        var prefetcher = extras.prefetcher
        var history = extras.history
        // Left empty meanwhile, so the tables stay uniquely referenced and are not copied.
        extras.prefetcher = nil
        extras.history = ObjectHistory()
        let clock = extras.clock
        let objectSizes = extras.objectSizes
        let ttlRule = extras.ttl
        defer {
            extras.prefetcher = prefetcher
            extras.history = history
        }
        for index in requests {
            let id = ids[index]
            let counted = index >= countedFrom
            let now = time(index, clock)
            state.expire(upTo: now, policy: &policy, tally: &tally, counted: counted)
            if counted {
                tally.requests += 1
                tally.requestedBytes += Double(sizes[index])
                tally.residentObjectSum += Double(policy.residentCount)
                tally.objectTime += Double(policy.residentCount) * (now - previousTime)
            }
            previousTime = now
            var hit = policy.access(id, now: index)
            if hit, state.expiry(of: id) <= now {
                policy.remove(id)
                state.leave(id, tally: &tally, counted: counted)
                if counted { tally.expirations += 1; tally.expiredMisses += 1 }
                hit = false
            }
            if hit {
                if state.wasPrefetched(id), counted { tally.prefetchesUsed += 1 }
                state.clearPrefetched(id)
            } else {
                if counted {
                    tally.misses += 1
                    tally.missedBytes += Double(sizes[index])
                }
                state.clearPrefetched(id)
                if policy.insert(id, weight: byWeight ? Int(sizes[index]) : 1, now: index, evicted: { state.leave($0, tally: &tally, counted: counted) }) {
                    state.enter(id)
                }
            }
            history.record(id, now: index, size: sizes[index])
            if let rule = ttlRule, policy.contains(id) {
                state.setExpiry(id, at: now + rule.ttl(of: id, now: index, history: history))
            }
            guard prefetcher != nil else { continue }
            prefetcher!.observe(id, now: index, history: history, isResident: { policy.contains($0) }) { candidate in
                let weight = byWeight ? Int(objectSizes.indices.contains(Int(candidate)) ? objectSizes[Int(candidate)] : 1) : 1
                guard !policy.contains(candidate), policy.insert(candidate, weight: weight, now: index, evicted: { state.leave($0, tally: &tally, counted: counted) }) else { return }
                state.enter(candidate)
                state.markPrefetched(candidate)
                if counted { tally.prefetches += 1 }
                if let rule = ttlRule {
                    // A prefetched object gets the TTL of a fresh entry, from when it was loaded.
                    state.setExpiry(candidate, at: now + rule.ttl(of: candidate, now: index, history: history))
                }
            }
        }
        return tally
    }

    @inline(__always) private func time(_ index: Int, _ clock: [Double]?) -> Double {
        clock?[index] ?? Double(index)
    }
}

/// Per-object bookkeeping of a replay with extras: expiry times and prefetched flags.
private struct ExtrasState {
    private var expiryTime: [Double]
    private var generation: [UInt32]
    private var prefetched: [Bool]
    private var deadlines = Heap<Deadline>()

    struct Deadline: Comparable {
        var time: Double
        var id: ObjectID
        var generation: UInt32
        static func < (a: Deadline, b: Deadline) -> Bool { a.time < b.time }
    }

    init(objectCount: Int) {
        expiryTime = Array(repeating: .infinity, count: objectCount)
        generation = Array(repeating: 0, count: objectCount)
        prefetched = Array(repeating: false, count: objectCount)
    }

    mutating func ensure(_ id: ObjectID) {
        let needed = Int(id) + 1
        guard needed > expiryTime.count else { return }
        let extra = max(needed, expiryTime.count * 2) - expiryTime.count
        expiryTime.append(contentsOf: repeatElement(.infinity, count: extra))
        generation.append(contentsOf: repeatElement(0, count: extra))
        prefetched.append(contentsOf: repeatElement(false, count: extra))
    }

    func expiry(of id: ObjectID) -> Double { Int(id) < expiryTime.count ? expiryTime[Int(id)] : .infinity }
    func wasPrefetched(_ id: ObjectID) -> Bool { Int(id) < prefetched.count && prefetched[Int(id)] }
    mutating func clearPrefetched(_ id: ObjectID) { if Int(id) < prefetched.count { prefetched[Int(id)] = false } }
    mutating func markPrefetched(_ id: ObjectID) { ensure(id); prefetched[Int(id)] = true }

    mutating func enter(_ id: ObjectID) {
        ensure(id)
        expiryTime[Int(id)] = .infinity
    }

    mutating func setExpiry(_ id: ObjectID, at time: Double) {
        ensure(id)
        generation[Int(id)] &+= 1
        expiryTime[Int(id)] = time
        deadlines.insert(Deadline(time: time, id: id, generation: generation[Int(id)]))
    }

    /// An object left the cache (evicted or expired): settles its prefetch flag and deadline.
    mutating func leave(_ id: ObjectID, tally: inout CacheTally, counted: Bool) {
        ensure(id)
        if prefetched[Int(id)] {
            prefetched[Int(id)] = false
            if counted { tally.prefetchesWasted += 1 }
        }
        generation[Int(id)] &+= 1
        expiryTime[Int(id)] = .infinity
    }

    /// Removes every entry whose deadline has passed.
    mutating func expire<P: CachePolicy>(upTo now: Double, policy: inout P, tally: inout CacheTally, counted: Bool) {
        while let first = deadlines.min, first.time <= now {
            _ = deadlines.popMin()
            guard generation[Int(first.id)] == first.generation, policy.contains(first.id) else { continue }
            policy.remove(first.id)
            leave(first.id, tally: &tally, counted: counted)
            if counted { tally.expirations += 1 }
        }
    }
}
