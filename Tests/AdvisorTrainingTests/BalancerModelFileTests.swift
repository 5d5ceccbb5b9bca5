import AdvisorBalancing
import AdvisorInput
import AdvisorLearning
import AdvisorTestSupport
import AdvisorTraces
import AdvisorTraining
import Foundation
import Testing

/// Latency model files as `advisor train` writes them, loaded in one call and attached to the runtime types.
@Suite struct BalancerModelFileTests {
    /// Trains the mean latency model (and the `quantiles`) on the embedded recording and writes them to a temporary
    /// `Models/` folder, as `advisor train` does.
    /// - Parameter metrics: the recorded server metrics the models read; nil for the recording's own, as the quick start.
    static func modelFolder(metrics: [String]?, quantiles: [Double] = []) throws -> String {
        let path = SharedData.embeddedRecording
        let buffer = try InputBuffer.open(path: path)
        var mapping = ColumnMapping()
        mapping.metrics = metrics
        let trace = try RequestTrace.read(buffer, mapping: mapping)
        var options = RequestTrainer.Options()
        options.quantiles = quantiles
        let (models, _) = try RequestTrainer.train(
            trace, source: TrainingSource(path: path, fingerprint: Fingerprint.of(buffer)), options: options)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-models-\(UUID().uuidString)")
        for model in models { try model.artifact.write(to: folder.appendingPathComponent("\(model.artifact.name).json").path) }
        return folder.path
    }

    @Test("a model trained on the tracker's own features drives a predicted balancer")
    func ownFeatures() throws {
        let model = try RequestModels(folder: try Self.modelFolder(metrics: [])).mean
        #expect(model.metricNames.isEmpty)
        let backends = BackendSet(["a", "b", "c"], seed: 1)
        let balancer = try Balancer(backends: backends, policy: .predicted(model))
        // A request in flight makes a backend look slower (the queue weighs positively): three picks without
        // answers spread over the three backends.
        var held: [BackendSet<String>.Ticket] = []
        for _ in 0..<3 { held.append(try #require(balancer.pick())) }
        #expect(Set(held.map(\.backend)).count == 3)
        for ticket in held { backends.complete(ticket) }
        #expect(backends.backends.allSatisfy { backends.inflight($0) == 0 })
    }

    @Test("a model trained with recorded server metrics needs them reported, by the names the deployment uses")
    func withMetrics() throws {
        let model = try RequestModels(folder: try Self.modelFolder(metrics: ["inflight", "cpu"])).mean
        #expect(model.metricNames == ["inflight", "cpu"])
        #expect(model.artifact.features.suffix(2) == ["inflight", "cpu"])
        // Two backends alike in everything the tracker sees, one idle (0 in flight, 5% CPU) and one busy (9, 95%):
        // the predicted policy sends the request to the idle one, whichever name it has.
        func pick(reports: [String: [Double]]) throws -> String {
            let backends = BackendSet(["a", "b"], metricNames: model.metricNames, seed: 1)
            let balancer = try Balancer(backends: backends, policy: .predicted(model))
            for (backend, metrics) in reports { try backends.report(metrics: metrics, from: backend) }
            return try #require(balancer.pick()).backend
        }
        #expect(try pick(reports: ["a": [0, 0.05], "b": [9, 0.95]]) == "a")
        #expect(try pick(reports: ["a": [9, 0.95], "b": [0, 0.05]]) == "b")
        // The recorded CPU is what raises the prediction (+1.107 log-ms per busy core when this was written); the
        // recorded in-flight count adds next to nothing (-0.0018 per request) beside the tracker's own in-flight feature.
        let weights = Array(model.artifact.linearModel.rawCoefficients.suffix(2))
        #expect(weights[1] > 0.5 && abs(weights[0]) < 0.05, "\(weights)")
        // The same file, loaded for a tracker without those metrics, is refused.
        #expect(throws: LearningError.self) {
            _ = try LatencyModel(model.artifact, featureNames: BackendFeatureTracker.ownFeatureNames)
        }
    }

    @Test("the quick start's models, with the recording's server metrics, are refused at attachment by a set that does not declare them")
    func quickStartModels() throws {
        let models = try RequestModels(folder: try Self.modelFolder(metrics: nil, quantiles: [0.99]))
        let mean = try models.mean
        let p99 = try models.quantile(0.99)
        #expect(mean.metricNames.count == 5 && p99.metricNames == mean.metricNames)
        let undeclared = BackendSet(["a", "b"])
        let refusals: [() throws -> Void] = [
            { _ = try Balancer(backends: undeclared, policy: .predicted(mean)) },
            { _ = try SharedTimeoutAdvisor(model: p99, backends: undeclared, targetRate: 0.01) },
            { _ = try SharedPredictedLatencyLimiter(model: mean, backends: undeclared) },
            { _ = try SharedHedgePlanner(model: p99, backends: undeclared, quantile: 0.99) },
        ]
        for attach in refusals {
            let error = #expect(throws: ControlConfigurationError.self) { try attach() }
            #expect(error?.setting == "model")
        }
        // Declared, the same models attach, and a request with its backend's metrics reported gets a finite timeout.
        let backends = BackendSet(["a", "b"], metricNames: mean.metricNames)
        let timeouts = try SharedTimeoutAdvisor(model: p99, backends: backends, targetRate: 0.01)
        _ = try SharedPredictedLatencyLimiter(model: mean, backends: backends)
        try backends.report(metrics: [Double](repeating: 1, count: 5), from: "a")
        let ticket = try #require(backends.start("a"))
        let timeout = timeouts.timeout(for: ticket)
        #expect(timeout > .zero && timeout < .seconds(30))
    }
}
