import AdvisorCache
import AdvisorLearning
import AdvisorSimulation
import AdvisorTestSupport
import AdvisorTraces
import AdvisorTraining
import Foundation
import Testing

/// `advisor simulate cache` end to end on small real traces.
@Suite struct CacheSimulationTests {
    static func web07() throws -> AccessTrace {
        try AccessTrace.read(path: SharedData.path("caffeine-sim-traces/web07.trace.xz"), format: .cache2k)
    }

    static let source = TrainingSource(path: "web07", fingerprint: "")

    @Test func wholeTraceCountingReproducesLibCacheSimForEveryPolicyAtOnce() throws {
        var options = CacheSimulation.Options(
            policies: ["lru", "s3fifo", "belady"].map { CacheSimulation.PolicyChoice($0)! }, sizes: [.percent(1)])
        options.trainFraction = 0
        let report = try CacheSimulation.run(Self.web07(), source: Self.source, options: options)
        #expect(report.countedRequests == 76_118 && report.warmupRequests == 0)
        #expect(report.note.contains("all 76118 requests are counted"))
        let missRatio = Dictionary(uniqueKeysWithValues: report.results.map { ($0.policy, $0.missRatio) })
        // libcachesim_reference.csv, web07 at 204 objects.
        #expect(abs(missRatio["lru"]! - 0.608542) < 1e-6)
        #expect(abs(missRatio["s3fifo"]! - 0.562508) < 1e-6)
        #expect(abs(missRatio["belady"]! - 0.466223) < 1e-6)
        #expect(report.results.allSatisfy { $0.capacity == 204 && $0.requestsPerSecond > 0 })
    }

    @Test func learnedPoliciesTrainOnTheFirstHalfAndAreCountedOnTheSecond() throws {
        let options = CacheSimulation.Options(
            policies: ["lru", "learned", "learned+prefetch"].map { CacheSimulation.PolicyChoice($0)! }, sizes: [.percent(10)])
        let report = try CacheSimulation.run(Self.web07(), source: Self.source, options: options)
        #expect(report.warmupRequests == 38_059 && report.countedRequests == 38_059)
        #expect(report.results.map(\.policy) == ["lru", "learned", "learned+prefetch"])
        #expect(report.results.allSatisfy { $0.requests == 38_059 })
        #expect(Set(report.models.map(\.name)) == ["cache-eviction", "cache-reuse", "cache-prefetch"])
        let lru = report.results[0]
        let learned = report.results[1]
        let prefetching = report.results[2]
        #expect(report.results.allSatisfy { $0.capacity == 2_048 })
        // LRU of 2,048 objects warmed on the first half misses 14,396 of the second, counted by an independent
        // Python LRU over the decoded trace (which gives libCacheSim's 0.443351 on the whole trace); Belady's
        // bound, counted the same way, is 9,450 misses.
        #expect(lru.missRatio == 14_396.0 / 38_059)
        // The learned policy (S3-FIFO floor, 8 candidates, online refits) misses 13,001: 3.7 points under LRU,
        // 3 misses fewer than its S3-FIFO floor (13,004) on this cell.
        #expect(learned.missRatio == 13_001.0 / 38_059)
        #expect(learned.refits ?? 0 > 0 && learned.fetchesPerRequest == learned.missRatio)
        let prefetch = try #require(prefetching.prefetch)
        #expect(lru.prefetch == nil && lru.refits == nil)
        // On web07 the prefetch model almost never rates a candidate past its 0.5 threshold: two loads
        // ahead, and as many demand misses as the learned policy, so two more backend fetches.
        #expect(prefetch.fetches == 2 && prefetch.used + prefetch.wasted <= 2)
        #expect(prefetching.missRatio == 13_001.0 / 38_059)
        #expect(prefetching.fetchesPerRequest == 13_003.0 / 38_059)
    }

    @Test func adaptiveTTLsAreSweptBesideFixedOnesWithTheMemoryTheyHold() throws {
        let trace = try AccessTrace.read(path: SharedData.path("apache-access-log-2015/apache_logs.gz"), format: .apacheLog)
        var options = CacheSimulation.Options(policies: [CacheSimulation.PolicyChoice("lru")!], sizes: [.percent(10)])
        options.ttl = .adaptive
        let report = try CacheSimulation.run(trace, source: Self.source, options: options)
        let fixed = report.results.compactMap(\.ttl).filter { !$0.rule.hasPrefix("adaptive") }
        let adaptive = report.results.compactMap(\.ttl).filter { $0.rule.hasPrefix("adaptive") }
        #expect(fixed.count == 9 && adaptive.count == 9)
        #expect(fixed.allSatisfy { $0.timeUnit == "seconds" && $0.objectTime > 0 })
        // A longer fixed TTL never holds less memory nor hits less.
        for (shorter, longer) in zip(fixed, fixed.dropFirst()) {
            #expect(shorter.meanResidentObjects <= longer.meanResidentObjects + 1e-9)
            #expect(shorter.hitRatio <= longer.hitRatio + 1e-9)
        }
    }

    @Test func aMissingModelFolderIsAnErrorNamingTheFile() throws {
        var options = CacheSimulation.Options(policies: [CacheSimulation.PolicyChoice("learned")!], sizes: [.absolute(100)])
        options.modelDirectory = "/nonexistent-models"
        #expect(throws: LearningError.self) { try CacheSimulation.run(Self.web07(), source: Self.source, options: options) }
    }

    @Test(arguments: ["lru+", "learned+fetch", "nope", ""])
    func unknownPolicyNamesAreRefused(_ name: String) {
        #expect(CacheSimulation.PolicyChoice(name) == nil)
    }

    @Test func sizesAreObjectsOrPercentagesWithLibCacheSimsFloor() {
        #expect(CacheSimulation.SizeChoice("10%") == .percent(10))
        #expect(CacheSimulation.SizeChoice("2048") == .absolute(2048))
        #expect(
            CacheSimulation.SizeChoice("0") == nil && CacheSimulation.SizeChoice("150%") == nil && CacheSimulation.SizeChoice("x") == nil)
    }
}
