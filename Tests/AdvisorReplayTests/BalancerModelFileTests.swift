import AdvisorBalancing
import AdvisorInput
import AdvisorLearning
import AdvisorReplay
import Foundation
import Testing

/// A latency model file as `advisor train` writes it, loaded by the runtime `Balancer`.
@Suite struct BalancerModelFileTests {
    /// Trains the mean latency model on the embedded recording and writes it to a temporary `Models/` folder.
    static func modelFile(metrics: [String]?) throws -> String {
        let path = BalanceReplayTests.recordingPath
        let buffer = try InputBuffer.open(path: path)
        var mapping = ColumnMapping()
        mapping.metrics = metrics
        let trace = try RequestTrace.read(buffer, mapping: mapping)
        var options = RequestTrainer.Options()
        options.quantiles = []
        let (models, _) = try RequestTrainer.train(trace, source: TrainingSource(path: path, fingerprint: Fingerprint.of(buffer)), options: options)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-models-\(UUID().uuidString)")
        let file = folder.appendingPathComponent("latency-mean.json").path
        try models[0].artifact.write(to: file)
        return file
    }

    @Test("a model trained on the tracker's own features drives a predicted balancer")
    func ownFeatures() throws {
        let model = try LatencyModel.load(path: try Self.modelFile(metrics: []))
        #expect(model.metricNames.isEmpty)
        let clock = ContinuousClock()
        let balancer = try Balancer(backends: ["a", "b", "c"], policy: PolicyConfiguration(name: .predicted, model: model), clock: clock, seed: 1)
        // A request in flight makes a backend look slower (the queue weighs positively): three picks without
        // answers spread over the three backends.
        var held: [Balancer<String, ContinuousClock>.Ticket] = []
        for _ in 0..<3 { held.append(try #require(balancer.pick())) }
        #expect(Set(held.map(\.backend)).count == 3)
        for ticket in held { balancer.complete(ticket) }
        #expect(balancer.backends.allSatisfy { balancer.inflight($0) == 0 })
    }

    @Test("a model trained with recorded server metrics needs them reported, by the names the deployment uses")
    func withMetrics() throws {
        let model = try LatencyModel.load(path: try Self.modelFile(metrics: ["inflight", "cpu"]))
        #expect(model.metricNames == ["inflight", "cpu"])
        #expect(model.artifact.features.suffix(2) == ["inflight", "cpu"])
        // Two backends alike in everything the tracker sees, one idle (0 in flight, 5% CPU) and one busy (9, 95%):
        // the predicted policy sends the request to the idle one, whichever name it has.
        func pick(reports: [String: [Double]]) throws -> String {
            let balancer = try Balancer(backends: ["a", "b"], policy: PolicyConfiguration(name: .predicted, model: model), clock: ContinuousClock(), seed: 1)
            for (backend, metrics) in reports { balancer.report(metrics: metrics, from: backend) }
            return try #require(balancer.pick()).backend
        }
        #expect(try pick(reports: ["a": [0, 0.05], "b": [9, 0.95]]) == "a")
        #expect(try pick(reports: ["a": [9, 0.95], "b": [0, 0.05]]) == "b")
        // The recorded CPU is what raises the prediction (+1.107 log-ms per busy core when this was written); the
        // recorded in-flight count adds next to nothing (−0.0018 per request) beside the tracker's own in-flight feature.
        let weights = Array(model.artifact.linearModel.rawCoefficients.suffix(2))
        #expect(weights[1] > 0.5 && abs(weights[0]) < 0.05, "\(weights)")
        // The same file, loaded for a tracker without those metrics, is refused.
        #expect(throws: LearningError.self) {
            _ = try LatencyModel(model.artifact, featureNames: BackendFeatureTracker.ownFeatureNames)
        }
    }
}
