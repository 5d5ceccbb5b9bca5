import AdvisorBalancing
import AdvisorInput
import AdvisorLearning
import AdvisorTestSupport
import AdvisorTraces
import AdvisorTraining
import Foundation
import Testing

/// A latency model file as `advisor train` writes it, loaded by the runtime `Balancer`.
@Suite struct BalancerModelFileTests {
    /// Trains the mean latency model on the embedded recording and writes it to a temporary `Models/` folder.
    static func modelFile(metrics: [String]?) throws -> String {
        let path = SharedData.embeddedRecording
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
        let balancer = try Balancer(backends: ["a", "b"], policy: PolicyConfiguration(name: .predicted, model: model), clock: ContinuousClock(), seed: 1)
        balancer.report(metrics: [0, 0.05], from: "a")
        balancer.report(metrics: [9, 0.95], from: "b")
        #expect(balancer.pick() != nil)
        // The same file, loaded for a tracker without those metrics, is refused.
        #expect(throws: LearningError.self) {
            _ = try LatencyModel(model.artifact, featureNames: BackendFeatureTracker.ownFeatureNames)
        }
    }
}
