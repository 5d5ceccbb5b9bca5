import AdvisorBalancing
import AdvisorLearning
import Foundation
import Testing

/// Every public runtime initializer and method throws on a model or configuration it cannot work with; none traps.
@Suite struct RuntimeConfigurationTests {
    /// A bad configuration of each runtime type, by the setting it gets wrong.
    static let badConfigurations: [(setting: String, make: @Sendable () throws -> Void)] = [
        ("targetRate", { _ = try SharedTimeoutAdvisor(model: try plainModel(), backends: BackendSet([1]), targetRate: 2) }),
        (
            "ceiling",
            {
                _ = try SharedTimeoutAdvisor(
                    model: try plainModel(), backends: BackendSet([1]), targetRate: 0.01, floor: .seconds(2), ceiling: .seconds(1))
            }
        ),
        (
            "step",
            { _ = try SharedTimeoutAdvisor(model: try plainModel(), backends: BackendSet([1]), targetRate: 0.01, calibrationStep: 0) }
        ),
        ("delay", { _ = try SharedHedgePlanner(delay: .zero) }),
        ("quantile", { _ = try SharedHedgePlanner(delay: .milliseconds(5), quantile: 1) }),
        ("ratio", { _ = try SharedRetryBudget(ratio: -1) }),
        ("window", { _ = try SharedRetryBudget(window: .zero) }),
        ("minimumLimit", { _ = try SharedConcurrencyLimiter.aimd(minimumLimit: 0) }),
        ("backoffRatio", { _ = try SharedConcurrencyLimiter.aimd(backoffRatio: 1) }),
        ("tolerance", { _ = try SharedConcurrencyLimiter.gradient2(tolerance: 0.5) }),
        ("tolerance", { _ = try SharedPredictedLatencyLimiter(model: try plainModel(), backends: BackendSet([1]), tolerance: 0.5) }),
        (
            "maximumConcurrency",
            { _ = try SharedPredictedLatencyLimiter(model: try plainModel(), backends: BackendSet([1]), maximumConcurrency: 0) }
        ),
        ("minimumCalls", { _ = try SharedCircuitBreaker(minimumCalls: 0) }),
        ("slidingWindow", { _ = try SharedCircuitBreaker(slidingWindow: .count(0)) }),
        ("model", { _ = try RequestModels(folder: "/nonexistent/advisor-models") }),
        ("metrics", { try BackendSet([1], metricNames: ["cpu"]).report(metrics: [], from: 1) }),
    ]

    static func plainModel() throws -> LatencyModel {
        try ControlModels.model(intercept: 0, coefficients: [:])
    }

    @Test(arguments: badConfigurations.indices)
    func aBadConfigurationThrowsNamingTheSetting(_ index: Int) throws {
        let (setting, make) = Self.badConfigurations[index]
        let error = #expect(throws: ControlConfigurationError.self) { try make() }
        #expect(error?.setting == setting)
    }

    @Test func everyModelDrivenControlRefusesAModelThatReadsUndeclaredMetrics() throws {
        let model = try ControlModels.model(intercept: 0, coefficients: [:], quantile: 0.95, metrics: ["cpu"])
        let backends = BackendSet(["a"])
        let attachments: [() throws -> Void] = [
            { _ = try Balancer(backends: backends, policy: .predicted(model)) },
            { _ = try SharedTimeoutAdvisor(model: model, backends: backends, targetRate: 0.05) },
            { _ = try SharedHedgePlanner(model: model, backends: backends) },
            { _ = try SharedPredictedLatencyLimiter(model: model, backends: backends) },
        ]
        for attach in attachments {
            let error = #expect(throws: ControlConfigurationError.self) { try attach() }
            #expect(error?.setting == "model")
            #expect(error?.description.contains("[\"cpu\"]") == true)
        }
        // Declared the other way round: the set reports a metric the model does not read.
        let extra = BackendSet(["a"], metricNames: ["cpu", "queue"])
        #expect(throws: ControlConfigurationError.self) { try SharedTimeoutAdvisor(model: model, backends: extra, targetRate: 0.05) }
    }

    @Test func aModelFolderLoadsInOneCallAndNamesWhatItLacks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-request-models-\(UUID().uuidString)")
        try ControlModels.latency(intercept: log(20), coefficients: [:], quantile: 0.99).write(
            to: folder.appendingPathComponent("latency-p99.json").path)
        let models = try RequestModels(folder: folder.path)
        #expect(try models.quantile(0.99).metricNames.isEmpty)
        let missingMean = #expect(throws: ControlConfigurationError.self) { try models.mean }
        #expect(missingMean?.description.contains("latency-mean.json") == true)
        let missingQuantile = #expect(throws: ControlConfigurationError.self) { try models.quantile(0.999) }
        #expect(missingQuantile?.description.contains("latency-p99_9.json") == true)
        let missingStrategy = #expect(throws: ControlConfigurationError.self) {
            try SharedStrategySelector(strategies: ["fast"], models: models)
        }
        #expect(missingStrategy?.description.contains("fast-latency.json") == true)
        #expect(throws: ControlConfigurationError.self) { try SharedStrategySelector(strategies: [], models: models) }
        // A file that is not a latency model on the backend features is refused when the folder is loaded.
        var foreign = try ControlModels.latency(intercept: 0, coefficients: [:])
        foreign.features[0] = "queue_length"
        try foreign.write(to: folder.appendingPathComponent("latency-p50.json").path)
        #expect(throws: ControlConfigurationError.self) { try RequestModels(folder: folder.path) }
    }
}
