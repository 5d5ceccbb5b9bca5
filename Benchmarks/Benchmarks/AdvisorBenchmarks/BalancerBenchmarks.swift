import AdvisorBalancing
import AdvisorInput
import AdvisorTesting
import AdvisorTraces
import AdvisorTraining
import Benchmark
import Foundation

// Real data only: the repository's embedded loopback-redis recording (real redis-server timings).
let loopbackRecording = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Datasets/loopback-redis/requests.csv.gz").path

/// The recording, and the mean log-latency model fitted on it over the tracker's own features, written to a model
/// folder and loaded as an application loads it.
func balancingInputs() throws -> (RequestTrace, LatencyModel) {
    let buffer = try InputBuffer.open(path: loopbackRecording)
    var mapping = ColumnMapping()
    mapping.metrics = []
    let trace = try RequestTrace.read(buffer, mapping: mapping)
    let source = TrainingSource(path: loopbackRecording, fingerprint: Fingerprint.of(buffer))
    var options = RequestTrainer.Options()
    options.quantiles = []
    let (models, _) = try RequestTrainer.train(trace, source: source, options: options)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-bench-models-\(UUID().uuidString)")
    try models[0].artifact.write(to: folder.appendingPathComponent("latency-mean.json").path)
    return (trace, try RequestModels(folder: folder.path).mean)
}

/// Sixteen backends warmed with the recording's latencies (requests spread round robin, answered at their recorded
/// latency on a manual clock), a few requests in flight each; then one `pick` + `complete` per scaled iteration.
func runtimeBenchmark(_ name: String, _ policy: BalancingPolicy, _ trace: RequestTrace) {
    let clock = ManualClock()  // the warm-up replays recorded latencies without waiting for them
    let names = (0..<16).map { "10.0.0.\($0)" }
    let backends = BackendSet(names, clock: clock, seed: 1)
    let balancer = try! Balancer(backends: backends, policy: policy)
    for request in 0..<min(trace.count, 20_000) {
        guard let ticket = backends.start(names[request % 16]) else { continue }
        clock.advance(by: .microseconds(Int64(trace.latencies[request] * 1000)))
        backends.complete(ticket, outcome: trace.failed[request] ? .failed : .succeeded)
    }
    for backend in 0..<16 {
        for _ in 0..<(backend % 4) { _ = backends.start(names[backend]) }
    }
    Benchmark(name, configuration: .init(scalingFactor: .mega)) { benchmark in
        for _ in benchmark.scaledIterations {
            let ticket = balancer.pick()!
            backends.complete(ticket)
        }
    }
}

func balancerBenchmarks() {
    let (trace, model) = try! balancingInputs()
    print("balancer: 16 backends warmed with \(min(trace.count, 20_000)) recorded answers; model with \(model.metricNames.count) server metrics")
    runtimeBenchmark("Runtime Balancer pick + complete, predicted (full scan), 16 backends (ns per request)", .predicted(model), trace)
    runtimeBenchmark("Runtime Balancer pick + complete, peak-EWMA, 16 backends (ns per request)", .peakEWMA, trace)
    runtimeBenchmark("Runtime Balancer pick + complete, P2C least requests, 16 backends (ns per request)", .p2c, trace)
}
