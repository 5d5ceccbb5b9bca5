import AdvisorTestSupport
import Synchronization
import Testing

@testable import AdvisorCache

/// `advisor simulate cache` and `PredictiveCache` run one engine: a real trace replayed through
/// both, with the same policy, TTL and prefetch models, counts the same hits, misses,
/// expirations, evictions and prefetches.
///
/// The runtime side gets each request at the trace's time on a manual clock, from an instant
/// loader, and waits for its prefetches before the next request, as the simulation loads them
/// within the request. The caches are sized so that the runtime never recycles an id (a replay
/// keeps every id of the trace); the test checks that it did not.
@Suite struct SimulationAgreementTests {
    /// One comparison: a cache size, an eviction policy and whether entries expire.
    struct Setup: Sendable, CustomTestStringConvertible {
        let policy: String
        let unit: CapacityUnit
        let capacity: Int
        let expires: Bool
        var testDescription: String { "\(policy), \(capacity) \(unit.rawValue)\(expires ? ", adaptive TTL" : "")" }
    }

    static let requests = 20_000

    /// Predicted log reuse time: the log of the last gap, so a key asked every g requests is kept
    /// for `multiplier` × g requests' worth of seconds (at least a second).
    static var reuseModel: ReuseTimeModel {
        var weights = [Double](repeating: 0, count: ObjectHistory.featureCount)
        weights[ObjectHistory.featureNames.firstIndex(of: "log_gap_1")!] = 1
        return ReuseTimeModel(weights: weights, bias: 0)
    }

    /// Sure of a follower that came next more often than not.
    static var prefetcher: Prefetcher {
        var prefetcher = Prefetcher(budget: 1)
        var weights = [Double](repeating: 0, count: Prefetcher.featureCount)
        weights[Prefetcher.featureNames.firstIndex(of: "follower_share")!] = 8
        prefetcher.model = (weights: weights, bias: -4)
        return prefetcher
    }

    static func policy(_ name: String, capacity: Int) throws -> any CachePolicy {
        if name == "learned" { return LearnedPolicy(capacity: capacity, model: reuseModel) }
        return try #require(BaselinePolicy(rawValue: name)).make(capacity: capacity)
    }

    @Test(arguments: [
        // About half the trace's 13,778 keys fit: thousands of evictions, no expiry.
        Setup(policy: "s3fifo", unit: .bytes, capacity: 450_000_000, expires: false),
        Setup(policy: "learned", unit: .bytes, capacity: 450_000_000, expires: false),
        // Every key fits, so entries leave only by expiring (an object-count cache knows no sizes).
        Setup(policy: "lru", unit: .objects, capacity: 14_000, expires: true),
    ])
    func theSimulationAndTheRuntimeCountTheSame(_ setup: Setup) async throws {
        let trace = try CloudPhysicsTrace.load(requests: Self.requests)
        let keys = trace.ids.map { Int($0) }
        var firstSizes = [Int](repeating: 0, count: keys.max()! + 1)
        for (key, size) in zip(keys, trace.sizes) where firstSizes[key] == 0 { firstSizes[key] = size }
        let sizes = setup.unit == .bytes ? keys.map { UInt32(firstSizes[$0]) } : [UInt32](repeating: 1, count: keys.count)
        let secondsPerRequest = (trace.times.last! - trace.times[0]) / Double(Self.requests - 1)
        let ttl = AdaptiveTTL(model: Self.reuseModel, multiplier: 2, clockPerRequest: secondsPerRequest, floor: 1)
        let times = trace.times.map { CacheTime(seconds: $0 - trace.times[0]) }

        // The simulation.
        let replay = CacheReplay(ids: trace.ids, sizes: sizes, unit: setup.unit)
        var extras: CacheReplay.Extras? = CacheReplay.Extras(
            prefetcher: Self.prefetcher, ttl: setup.expires ? .adaptive(ttl) : nil, clock: trace.times.map { $0 - trace.times[0] },
            objectSizes: firstSizes.map(UInt32.init))
        let spec: CacheReplay.PolicySpec =
            setup.policy == "learned"
            ? .learned(Self.reuseModel, candidates: 8, learnsOnline: true)
            : .baseline(BaselinePolicy(rawValue: setup.policy)!, nextAccess: nil)
        let tally = try replay.simulate(spec, capacity: setup.capacity, requests: 0..<keys.count, countedFrom: 0, extras: &extras)

        // The runtime.
        let clock = ManualClock()
        let weights = firstSizes
        let weigh: (@Sendable (Int) -> Int)? = setup.unit == .bytes ? { @Sendable key in weights[key] } : nil
        let core = try Self.policy(setup.policy, capacity: setup.capacity)
        let cache = PredictiveCache<Int, Int>(
            policy: core, weigh: weigh,
            expiry: setup.expires ? .policy(ttl) : .never, prefetch: PrefetchConfiguration(maxInFlight: 1, advisor: Self.prefetcher),
            clock: clock
        ) { $0 }
        var elapsed = CacheTime.zero
        for (key, time) in zip(keys, times) {
            clock.advance(by: .nanoseconds(time.nanoseconds - elapsed.nanoseconds))
            elapsed = time
            cache.removeExpired()
            #expect(try await cache.get(key) == key)
            while cache.snapshot().loadsInFlight > 0 { await Task.yield() }
        }
        let stats = cache.snapshot()
        try #require(stats.trackedKeys == Set(keys).count, "the runtime forgot keys, which a replay never does")

        #expect(stats.hits == tally.requests - tally.misses)
        #expect(stats.misses == tally.misses)
        #expect(stats.expirations == tally.expirations)
        #expect(stats.evictions == tally.evictions)
        #expect(stats.prefetchesIssued == tally.prefetches)
        #expect(stats.prefetchesUsed == tally.prefetchesUsed)
        #expect(stats.prefetchesWasted == tally.prefetchesWasted)
        // Each run exercises what it compares.
        #expect(tally.misses > 1_000 && tally.prefetches > 100 && tally.prefetchesUsed > 10)
        #expect(setup.expires ? tally.expirations > 1_000 : tally.evictions > 1_000)
        #expect(cache.audit().violations.isEmpty)
    }
}
