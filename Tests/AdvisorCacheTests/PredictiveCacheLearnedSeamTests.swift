import AdvisorTestSupport
import Testing

@testable import AdvisorCache

/// The learned TTL and prefetch models, plugged into the runtime cache through its seams. The
/// models here are set by hand so that their answers are known: the plumbing is under test
/// (the request history the cache records, the units, when they are asked), not the models.
@Suite struct PredictiveCacheLearnedSeamTests {
    @Test func theAdaptiveTTLGivesEachRequestALifetimeFromTheHistory() async throws {
        // Predicted reuse time: count − 1 requests (weight 1 on log_count), 10 s per request, at least 1 s.
        var weights = [Double](repeating: 0, count: ObjectHistory.featureCount)
        weights[try #require(ObjectHistory.featureNames.firstIndex(of: "log_count"))] = 1
        let ttl = AdaptiveTTL(model: ReuseTimeModel(weights: weights, bias: 0), multiplier: 1, clockPerRequest: 10, floor: 1)
        let clock = ManualClock()
        let cache = PredictiveCache<String, String>(policy: LRUPolicy(capacity: 4), weigh: nil, expiry: .policy(ttl), clock: clock) {
            "value of \($0)"
        }
        _ = try await cache.get("k")  // one request: reuse predicted now, so the 1 s floor
        clock.advance(by: .milliseconds(900))
        _ = try await cache.get("k")  // a hit, two requests: 10 s from now
        #expect(cache.snapshot().hits == 1)
        clock.advance(by: .seconds(9))
        #expect(cache.peek("k") == "value of k")
        clock.advance(by: .seconds(2))
        #expect(cache.peek("k") == nil)
    }

    @Test func thePrefetcherLoadsTheFollowerItLearnedOnline() async throws {
        var prefetcher = Prefetcher()
        prefetcher.model = (weights: [Double](repeating: 0, count: Prefetcher.featureCount), bias: 10)  // sure of every candidate
        let store = CountingStore()
        let cache = PredictiveCache<String, String>(
            policy: LRUPolicy(capacity: 8), weigh: nil, prefetch: PrefetchConfiguration(maxInFlight: 2, advisor: prefetcher)
        ) { try await store.load($0) }
        _ = try await cache.get("a")
        _ = try await cache.get("b")  // b follows a
        cache.invalidate("b")
        _ = try await cache.get("a")  // a hit whose follower is not cached: load it ahead
        #expect(try await eventually { cache.snapshot().prefetchesCompleted == 1 })
        #expect(try await cache.get("b") == "value of b")
        let stats = cache.snapshot()
        #expect((store.calls(for: "b"), stats.prefetchesIssued, stats.prefetchesUsed) == (2, 1, 1))
        #expect(cache.audit().violations.isEmpty)
    }
}
