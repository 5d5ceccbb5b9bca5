/// Drives the cache engine over a recorded request sequence at full speed (DESIGN.md: the
/// simulation drives the very engine the runtime wraps).
///
/// Each request is a `lookUp` on `CacheEngine`; a miss is loaded at once, and so is every
/// prefetch it suggests, so every load ends within its request. Before each request, entries
/// whose time-to-live has passed are removed, so the memory held is what the TTL allows.
/// Requests before `countedFrom` warm the cache (and train what learns online) but are not counted.
///
/// Time is the trace's timestamps in seconds, or one second per request when it has none, so
/// a fixed TTL is in seconds or in requests.
package struct CacheReplay: Sendable {
    /// Dense object id of each request.
    package let ids: [ObjectID]
    /// Size in bytes of each request's object.
    package let sizes: [UInt32]
    /// Whether capacity counts objects or bytes.
    package let unit: CapacityUnit

    package init(ids: [ObjectID], sizes: [UInt32], unit: CapacityUnit) {
        precondition(ids.count == sizes.count)
        self.ids = ids
        self.sizes = sizes
        self.unit = unit
    }

    /// How long an entry may stay cached after its last request.
    package enum TTLRule: Sendable {
        /// The same TTL for every entry, in the trace's clock units.
        case fixed(Double)
        /// A TTL per entry from its predicted reuse time.
        case adaptive(AdaptiveTTL)

        var expiry: CacheExpiry {
            switch self {
            case .fixed(let seconds): .afterAccess(.seconds(seconds))
            case .adaptive(let advisor): .policy(advisor)
            }
        }
    }

    /// What a replay adds to plain eviction: prefetching, TTLs, and the clock they use.
    package struct Extras: Sendable {
        /// Proposes objects to load ahead; nil for none.
        package var prefetcher: Prefetcher?
        /// Expiry rule; nil for none.
        package var ttl: TTLRule?
        /// Each request's time (seconds, non-decreasing); nil counts one second per request.
        package var clock: [Double]?
        /// Each object's size, for prefetched objects that were never requested before.
        package var objectSizes: [UInt32]

        package init(prefetcher: Prefetcher? = nil, ttl: TTLRule? = nil, clock: [Double]? = nil, objectSizes: [UInt32]) {
            self.prefetcher = prefetcher
            self.ttl = ttl
            self.clock = clock
            self.objectSizes = objectSizes
        }
    }

    /// Replays `requests` through an engine around `policy`, counting from `countedFrom`.
    /// - Returns: the tally, and the prefetcher as the run left it (what it learned online).
    /// - Complexity: O(n) engine requests.
    func run<P: CachePolicy>(_ policy: P, requests: Range<Int>, countedFrom: Int, extras: Extras?) -> (CacheTally, Prefetcher?) {
        // Every load ends within its request, so no limit is reached: all the prefetcher proposes loads.
        let prefetch = PrefetchConfiguration(maxInFlight: extras?.prefetcher == nil ? 0 : .max, advisor: extras?.prefetcher)
        var engine = CacheEngine<P, TraceIDs, Void, Never>(
            policy: policy, keys: TraceIDs(), unit: unit, expiry: extras?.ttl?.expiry ?? .never, prefetch: prefetch)
        var tally = CacheTally()
        let firstCounted = max(countedFrom, requests.lowerBound)
        var before = CacheStatistics()
        let byWeight = unit == .bytes
        let expires = extras?.ttl != nil
        let clock = extras?.clock
        let objectSizes = extras?.objectSizes ?? []
        var previousTime = requests.isEmpty ? 0 : clock?[requests.lowerBound] ?? Double(requests.lowerBound)
        /// Loads each prefetch at once, weighing what was never requested by the object's size.
        func complete(_ prefetches: [LoadLaunch<ObjectID>], at time: CacheTime) {
            for launch in prefetches {
                let id = Int(launch.key)
                let weight = byWeight ? max(1, Int(id < objectSizes.count ? objectSizes[id] : 1)) : 1
                _ = engine.finishLoad(launch.ticket, outcome: .success(()), weight: weight, at: time)
            }
        }
        for index in requests {
            let id = ids[index]
            let seconds = clock?[index] ?? Double(index)
            let time = CacheTime(seconds: seconds)
            if expires { engine.removeExpired(at: time) }
            if index == firstCounted { before = engine.stats }
            if index >= countedFrom {
                tally.requests += 1
                tally.requestedBytes += Double(sizes[index])
                tally.residentObjectSum += Double(engine.policy.residentCount)
                tally.objectTime += Double(engine.policy.residentCount) * (seconds - previousTime)
            }
            previousTime = seconds
            switch engine.lookUp(id, size: sizes[index], at: time) {
            case .hit:
                break
            case .hitAndPrefetch(_, let prefetches):
                complete(prefetches, at: time)
            case .load(let ticket, let prefetches):
                if index >= countedFrom { tally.missedBytes += Double(sizes[index]) }
                let weight = byWeight ? max(1, Int(sizes[index])) : 1
                _ = engine.finishLoad(ticket, outcome: .success(()), weight: weight, at: time)
                complete(prefetches, at: time)
            case .wait:
                assertionFailure("every load of a replay ends within its request")
            }
        }
        tally.count(from: before, to: engine.stats)
        if let learned = engine.policy as? LearnedPolicy {
            tally.refits = learned.refits
            tally.overrides = learned.overrides
        }
        return (tally, engine.advisor as? Prefetcher)
    }
}
