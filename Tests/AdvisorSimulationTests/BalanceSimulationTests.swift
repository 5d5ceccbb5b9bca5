import AdvisorBalancing
import AdvisorInput
import AdvisorSimulation
import AdvisorTestSupport
import AdvisorTraces
import AdvisorTraining
import Foundation
import Testing

/// The discrete-event balancing replay on the embedded recording (real redis-server timings).
///
/// Windows are a few recorded seconds and pools small, so that the debug build stays quick.
@Suite struct BalanceSimulationTests {
    static let recordingPath = SharedData.embeddedRecording

    static func recording() throws -> (RequestTrace, TrainingSource) {
        let buffer = try InputBuffer.open(path: recordingPath)
        return (
            try RequestTrace.read(buffer, mapping: ColumnMapping()),
            TrainingSource(path: recordingPath, fingerprint: Fingerprint.of(buffer))
        )
    }

    static func options(_ scenarios: [BalanceScenario], _ policies: [BalancingPolicyName], seed: UInt64 = 1) -> BalanceSimulation.Options {
        var options = BalanceSimulation.Options()
        options.scenarios = scenarios
        options.policies = policies
        options.backends = 4
        options.load = 0.6
        options.seed = seed
        options.trainFrom = 45
        options.trainUntil = 60
        options.until = 72
        return options
    }

    @Test("a policy's result is reproducible with the same seed, and every policy gets the same arrivals")
    func reproducible() throws {
        let (trace, source) = try Self.recording()
        let options = Self.options([.heterogeneous], [.p2c, .prequal, .wrr])
        let first = try BalanceSimulation.run(recording: trace, source: source, options: options)
        let again = try BalanceSimulation.run(recording: trace, source: source, options: options)
        #expect(first.results.count == 3)
        for (a, b) in zip(first.results, again.results) {
            #expect(a.p50 == b.p50 && a.p99 == b.p99 && a.p999 == b.p999 && a.timeouts == b.timeouts && a.backendShare == b.backendShare)
        }
        #expect(Set(first.results.map(\.requests)).count == 1)
        #expect(first.results[0].requests > 10_000)
        let reseeded = try BalanceSimulation.run(recording: trace, source: source, options: Self.options([.heterogeneous], [.p2c], seed: 2))
        #expect(reseeded.results[0].requests == first.results[0].requests)
        #expect(reseeded.results[0].backendShare != first.results[0].backendShare)
    }

    @Test("round robin's p99 is worse when one replica turns slow for its recorded burst than when all are alike")
    func slowReplicaHurtsRoundRobin() throws {
        let (trace, source) = try Self.recording()
        var options = Self.options([.homogeneous, .slowReplica], [.roundRobin])
        // Replay the start of redis-3's recorded slow period (81–117 s), at a load round robin copes with when
        // backends are alike, without outlier ejection (which would take the slow one out for round robin).
        options.trainUntil = 82
        options.until = 97
        options.load = 0.2
        options.outliers = .disabled
        let report = try BalanceSimulation.run(recording: trace, source: source, options: options)
        let scenarios = report.scenarios.map(\.backends)
        #expect(scenarios[0] == ["redis-0", "redis-0", "redis-0", "redis-0"])
        #expect(scenarios[1] == ["redis-3", "redis-0", "redis-0", "redis-0"])
        let homogeneous = report.results[0]
        let slow = report.results[1]
        #expect(slow.p99 > 1.5 * homogeneous.p99, "p99 \(slow.p99) ms with the slow replica, \(homogeneous.p99) ms without")
        // Round robin keeps sending a quarter of the requests to the slow backend regardless.
        #expect(abs(slow.backendShare[0] - 0.25) < 0.01)
    }

    @Test("the predicted policy's model is trained on the earlier part only, and beats least-requests P2C on heterogeneous backends")
    func predictedTrainsOnTheEarlierPart() throws {
        let (trace, source) = try Self.recording()
        var options = Self.options([.heterogeneous], [.p2c, .predicted])
        // Sixteen backends, the CLI's default: with six, the 12 s measured here put predicted within noise of P2C
        // (0.87× to 1.03× its p99 over seeds 1–3), too close for a test that must not flip with a seed.
        options.backends = 16
        let report = try BalanceSimulation.run(recording: trace, source: source, options: options)
        let model = try #require(report.scenarios[0].model)
        #expect(model.features == BackendFeatureTracker.ownFeatureNames)
        #expect(model.trainedOn.contains("45.0…60.0 s"))
        // Its own hold-out (the end of the training log) beats the EWMA baseline.
        #expect(try #require(model.holdout?["r2"]) > #require(model.baseline?["r2"]))
        let p2c = report.results[0]
        let predicted = report.results[1]
        #expect(predicted.p99 < p2c.p99)
    }

    @Test("a recorded arrival process (Azure LLM inference) drives the load instead of the recording's own timestamps")
    func azureArrivals() throws {
        let (trace, source) = try Self.recording()
        let folder = try SharedData.path("azure-llm-inference-2023")
        let arrivals = try ArrivalFormat.azureLLM.read(InputFiles(expanding: [folder])).trace
        #expect(arrivals.count == 28_185)
        let options = Self.options([.heterogeneous], [.p2c, .peakEWMA])
        let report = try BalanceSimulation.run(recording: trace, source: source, arrivals: arrivals.timestamps, options: options)
        let own = try BalanceSimulation.run(recording: trace, source: source, options: options)
        #expect(report.settings["arrivals"] == "given arrival trace")
        #expect(report.results[0].requests == report.results[1].requests)
        // Same mean rate (load × capacity), different burstiness: the request counts agree, the latencies do not.
        #expect(abs(Double(report.results[0].requests) / Double(own.results[0].requests) - 1) < 0.05)
        #expect(report.results[0].p99 != own.results[0].p99)
    }

    @Test("JSON results carry the agreed field names")
    func jsonFields() throws {
        let (trace, source) = try Self.recording()
        let report = try BalanceSimulation.run(recording: trace, source: source, options: Self.options([.ramp], [.random]))
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        let result = try #require((object?["results"] as? [[String: Any]])?.first)
        for key in ["scenario", "policy", "requests", "p50_ms", "p90_ms", "p99_ms", "p999_ms", "timeouts", "goodput"] {
            #expect(result[key] != nil, "missing \(key)")
        }
        #expect(result["scenario"] as? String == "ramp")
        // The ramp ends at twice the start load.
        let scenario = try #require(report.scenarios.first)
        #expect(scenario.rate > 0.6 * scenario.capacity * 1.3 && scenario.rate < 0.6 * scenario.capacity * 1.7)
    }

    @Test("settings the recording cannot support are refused with a reason")
    func refusals() throws {
        let (trace, source) = try Self.recording()
        var options = Self.options([.homogeneous], [.p2c])
        options.trainUntil = 90
        options.until = 80
        #expect(throws: BalanceSimulationError.self) { try BalanceSimulation.run(recording: trace, source: source, options: options) }
        options = Self.options([.homogeneous], [.p2c])
        options.backends = 1
        #expect(throws: BalanceSimulationError.self) { try BalanceSimulation.run(recording: trace, source: source, options: options) }
        var single = trace
        single.backends = single.backends.map { _ in 0 }
        single.backendNames = ["only"]
        #expect(throws: BalanceSimulationError.self) {
            try BalanceSimulation.run(recording: single, source: source, options: Self.options([.homogeneous], [.p2c]))
        }
    }
}
