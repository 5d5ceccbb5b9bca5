import AdvisorBalancing
import Testing

@testable import AdvisorLearning

/// Policy cores driven directly, with explicit times and seeded randomness.
@Suite struct PolicyCoreTests {
    static func pool(_ count: Int, seed: UInt64 = 7) -> BackendPool {
        BackendPool(backends: count, outliers: .disabled, seed: seed)
    }

    /// Sends `count` requests at `time` and never completes them.
    static func load<Policy: BalancerPolicy>(_ policy: inout Policy, _ backend: Int, count: Int, at time: Double = 0) {
        for _ in 0..<count { policy.started(backend, at: time) }
    }

    static func picks<Policy: BalancerPolicy>(_ policy: inout Policy, _ count: Int, at time: Double = 1) -> [Int] {
        var counts = [Int](repeating: 0, count: policy.pool.isActive.count)
        for _ in 0..<count { counts[policy.pick(at: time)!] += 1 }
        return counts
    }

    @Test func roundRobinVisitsEveryCandidateInTurn() {
        var policy = RoundRobinPolicy(pool: Self.pool(3))
        let first = policy.pick(at: 0)!
        let sequence = (0..<6).map { _ in policy.pick(at: 0)! }
        #expect(sequence == (1...6).map { (first + $0) % 3 })
    }

    @Test func seededRandomnessIsReproducibleAndUniform() {
        var a = RandomPolicy(pool: Self.pool(4, seed: 11))
        var b = RandomPolicy(pool: Self.pool(4, seed: 11))
        let sequenceA = (0..<50).map { _ in a.pick(at: 0)! }
        #expect(sequenceA == (0..<50).map { _ in b.pick(at: 0)! })
        var c = RandomPolicy(pool: Self.pool(4, seed: 12))
        #expect(sequenceA != (0..<50).map { _ in c.pick(at: 0)! })
        let counts = Self.picks(&a, 40_000)
        #expect(counts.allSatisfy { abs($0 - 10_000) < 400 })
    }

    @Test func twoChoicesAreDistinctAndLeastRequestsTakesTheIdleOne() {
        var pool = Self.pool(2)
        for _ in 0..<100 {
            let (first, second) = pool.twoDistinctCandidates()
            #expect(first != second)
        }
        var policy = LeastRequestPolicy(pool: Self.pool(2))
        Self.load(&policy, 0, count: 3)
        #expect(Self.picks(&policy, 100) == [0, 100])
        // With eight backends and one loaded, the loaded one still wins only when drawn with an equally loaded one: never.
        var wide = LeastRequestPolicy(pool: Self.pool(8))
        Self.load(&wide, 5, count: 1)
        #expect(Self.picks(&wide, 1_000)[5] == 0)
    }

    @Test func peakEWMAAvoidsASlowBackendUntilItsPeakDecays() {
        var policy = PeakEWMAPolicy(pool: Self.pool(2))
        for backend in 0..<2 {
            policy.started(backend, at: 0)
            policy.completed(backend, latency: backend == 0 ? 50 : 1, failed: false, at: 0.05)
        }
        // Cost 50 × 1 against 1 × (inflight + 1): backend 1 takes everything until 49 requests wait there.
        for _ in 0..<40 {
            let backend = policy.pick(at: 0.1)!
            #expect(backend == 1)
            policy.started(backend, at: 0.1)
        }
        // Backend 1 keeps answering; forty seconds of silence decay backend 0's peak (τ = 10 s) below backend 1's queued cost.
        policy.completed(1, latency: 1, failed: false, at: 39.9)
        #expect(policy.pick(at: 40)! == 0)
    }

    @Test func prequalProbesThenPrefersColdFastBackends() {
        var settings = PrequalPolicy.Settings()
        settings.maxReuse = 100
        var policy = PrequalPolicy(pool: Self.pool(3), settings: settings)
        // No probe yet: a random choice, and probes are asked for.
        _ = policy.pick(at: 0)
        var asked: [Int] = []
        while let backend = policy.nextProbe(at: 0) { asked.append(backend) }
        #expect(asked.count == settings.probesPerQuery)
        // Backend 2 is hot (many requests in flight); 0 and 1 are cold, 1 answers faster.
        for _ in 0..<50 {
            policy.didReceive(ProbeAnswer(requestsInFlight: 0, latency: 4), from: 0, at: 0.01)
            policy.didReceive(ProbeAnswer(requestsInFlight: 0, latency: 2), from: 1, at: 0.01)
            policy.didReceive(ProbeAnswer(requestsInFlight: 9, latency: 1), from: 2, at: 0.01)
        }
        #expect(policy.probeCount == 3)
        #expect(policy.pick(at: 0.02) == 1)
        // Probe answers older than a second are not trusted: back to random choices over all three.
        var seen = Set<Int>()
        for _ in 0..<100 {
            seen.insert(policy.pick(at: 5)!)
            while policy.nextProbe(at: 5) != nil {}
        }
        #expect(seen == [0, 1, 2])
    }

    @Test func weightedRoundRobinFollowsReportedCapacityAfterTheBlackout() {
        var policy = WeightedRoundRobinPolicy(pool: Self.pool(2))
        // Both report the same utilization; backend 1 completes three times as many requests per second.
        for second in 0...12 {
            policy.didReceive(LoadReport(utilization: 0.5, queriesPerSecond: 100), from: 0, at: Double(second))
            policy.didReceive(LoadReport(utilization: 0.5, queriesPerSecond: 300), from: 1, at: Double(second))
        }
        // Inside the 10 s blackout the weights are not trusted yet: plain round robin.
        #expect(Self.picks(&policy, 400, at: 5) == [200, 200])
        #expect(Self.picks(&policy, 400, at: 12) == [100, 300])
        // Errors count as utilization: 300 / (0.5 + 300/300) = 200, the same weight as backend 0's 100 / 0.5.
        policy.didReceive(LoadReport(utilization: 0.5, queriesPerSecond: 300, errorsPerSecond: 300), from: 1, at: 12.5)
        #expect(Self.picks(&policy, 500, at: 14) == [250, 250])
    }

    static func model(weights: [Double], bias: Double = 0) throws -> LatencyModel {
        let names = BackendFeatureTracker.ownFeatureNames
        let linear = LinearModel(
            standardization: Standardization(mean: .init(repeating: 0, count: names.count), scale: .init(repeating: 1, count: names.count)),
            intercept: bias, coefficients: weights,
            diagnostics: FitDiagnostics(solver: "hand-written", rank: names.count + 1, reciprocalCondition: 1))
        let artifact = ModelArtifact(
            name: "latency-mean", kind: .ridge, target: "log_latency_ms", link: .exp, alpha: 0, features: names, model: linear,
            training: .init(source: "test", fingerprint: "-", rows: 0, split: "none"), holdout: nil)
        return try LatencyModel(artifact)
    }

    @Test func predictedScansForTheLowestPredictedLatency() throws {
        // log latency = log1p(inflight) + log EWMA: the expected wait behind the queue.
        let model = try Self.model(weights: [1, 1, 0, 0, 0, 0])
        var policy = PredictedLatencyPolicy(pool: Self.pool(4), model: model, scan: .all)
        for backend in 0..<4 {
            policy.started(backend, at: 0)
            policy.completed(backend, latency: [8, 2, 4, 1][backend], failed: false, at: 0.01)
        }
        #expect(policy.pick(at: 0.02) == 3)
        // Two waiting at backend 3 (cost 1 × 3) make backend 1 (cost 2 × 1) the cheaper one.
        Self.load(&policy, 3, count: 2, at: 0.02)
        #expect(policy.pick(at: 0.02) == 1)
        // Two random choices never pick the worst of four when they can avoid it, and do pick every other.
        var two = PredictedLatencyPolicy(pool: policy.pool, model: model, scan: .two)
        let counts = Self.picks(&two, 1_000, at: 0.02)
        #expect(counts[0] == 0 && counts[1] > 0 && counts[2] > 0 && counts[3] > 0)
    }

    @Test func predictedTriesAnAvoidedBackendAgainOneProbeAtATime() throws {
        // log latency = log1p(inflight) + log EWMA. Backend 0 answered once in 20 ms, backend 1 in 1 ms and then
        // holds five requests: 0 costs log 20 ≈ 3.0, 1 costs log 6 ≈ 1.8, so 1 wins while 0's one slow answer stands.
        let model = try Self.model(weights: [1, 1, 0, 0, 0, 0])
        func warmed(explores: Bool) -> PredictedLatencyPolicy {
            var policy = PredictedLatencyPolicy(pool: Self.pool(2), model: model, scan: .all, explores: explores)
            for (backend, latency) in [(0, 20.0), (1, 1.0)] {
                policy.started(backend, at: 0)
                policy.completed(backend, latency: latency, failed: false, at: latency / 1000)
            }
            Self.load(&policy, 1, count: 5, at: 0.1)
            return policy
        }
        var exploring = warmed(explores: true)
        var stale = warmed(explores: false)
        #expect(exploring.pick(at: 1) == 1 && stale.pick(at: 1) == 1)
        // Left alone for a minute (six of peak-EWMA's 10 s time constants), backend 0's history has aged toward the
        // pool's: it is tried again. Without exploration its one slow answer keeps it out for good.
        #expect(exploring.pick(at: 60) == 0)
        #expect(stale.pick(at: 60) == 1 && stale.pick(at: 600) == 1)
        // While the probe is in flight backend 0 is scored on its own history again: one probe at a time.
        exploring.started(0, at: 60)
        #expect(exploring.pick(at: 60.5) == 1)
        // Still slow: its answer resets the estimate, and it is avoided again.
        exploring.completed(0, latency: 30, failed: false, at: 60.5)
        #expect(exploring.pick(at: 61) == 1)
    }

    @Test func aBackupAvoidsTheBackendOfItsFirstCopy() throws {
        // Predicted scan-all would pick backend 3 every time; the backup then takes the next best, backend 1.
        let model = try Self.model(weights: [1, 1, 0, 0, 0, 0])
        var predicted = PredictedLatencyPolicy(pool: Self.pool(4), model: model, scan: .all)
        for backend in 0..<4 {
            predicted.started(backend, at: 0)
            predicted.completed(backend, latency: [8, 2, 4, 1][backend], failed: false, at: 0.01)
        }
        #expect(predicted.pick(at: 0.02, avoiding: 3) == 1)
        #expect(predicted.pick(at: 0.02) == 3, "the first copy's backend is a candidate again afterwards")
        // log(latency) = log1p(0) + log(1 ms): the model's prediction in ms, from the pool's own features.
        #expect(abs(model.latency(of: 3, features: predicted.pool.features, at: 0.02) - 1) < 1e-9)
        var random = RandomPolicy(pool: Self.pool(3))
        #expect((0..<300).allSatisfy { _ in random.pick(at: 0, avoiding: 2) != 2 })
        var single = RoundRobinPolicy(pool: Self.pool(1))
        #expect(single.pick(at: 0, avoiding: 0) == 0, "with one backend the backup can only go to it")
    }

    @Test func aLatencyModelMustReadTheTrackersFeatures() throws {
        let model = try Self.model(weights: [1, 1, 0, 0, 0, 0])
        #expect(model.metricNames.isEmpty)
        var other = model.artifact
        other.features[4] = "log_time_since_response"
        #expect(throws: LearningError.self) { try LatencyModel(other) }
        var classifier = model.artifact
        classifier.link = .logistic
        #expect(throws: LearningError.self) { try LatencyModel(classifier) }
        var configuration = PolicyConfiguration(name: .predicted)
        #expect(throws: LearningError.self) { try configuration.makePolicy(pool: Self.pool(2)) }
        configuration.model = model
        let withMetrics = BackendPool(features: BackendFeatureTracker(metricNames: ["cpu"]), seed: 1)
        #expect(throws: LearningError.self) { try configuration.makePolicy(pool: withMetrics) }
    }
}
