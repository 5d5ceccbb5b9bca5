import AdvisorBalancing
import AdvisorInput
import AdvisorLearning
import AdvisorSimulation
import AdvisorTraces
import AdvisorTraining
import Benchmark
import Foundation

// Real data only: the repository's embedded loopback-redis recording (real redis-server timings).
let loopbackRecording = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Datasets/loopback-redis/requests.csv.gz").path

/// The recording, its source, and a mean log-latency model fitted on it over the tracker's own features.
func balancingInputs() throws -> (RequestTrace, TrainingSource, LatencyModel) {
    let buffer = try InputBuffer.open(path: loopbackRecording)
    var mapping = ColumnMapping()
    mapping.metrics = []
    let trace = try RequestTrace.read(buffer, mapping: mapping)
    let source = TrainingSource(path: loopbackRecording, fingerprint: Fingerprint.of(buffer))
    var options = RequestTrainer.Options()
    options.quantiles = []
    let (models, _) = try RequestTrainer.train(trace, source: source, options: options)
    return (trace, source, try LatencyModel(models[0].artifact))
}

/// Sixteen backends that have answered the recording's requests (spread round robin), a few requests in flight each.
func warmedPool(_ trace: RequestTrace) -> BackendPool {
    var pool = BackendPool(backends: 16, seed: 1)
    for request in 0..<min(trace.count, 20_000) {
        let time = trace.timestamps[request]
        pool.started(request % 16, at: time)
        pool.completed(request % 16, latency: trace.latencies[request], failed: trace.failed[request], at: time + trace.latencies[request] / 1000)
    }
    let now = trace.timestamps[min(trace.count, 20_000) - 1] + 0.01
    for backend in 0..<16 {
        for _ in 0..<(backend % 4) { pool.started(backend, at: now) }
    }
    return pool
}

/// One decision per scaled iteration on a fixed pool state: the cost of choosing, model scoring included.
func decisionBenchmark<Policy: BalancerPolicy>(_ name: String, _ policy: Policy, at time: Double) {
    Benchmark(name, configuration: .init(scalingFactor: .mega)) { benchmark in
        var policy = policy
        for _ in benchmark.scaledIterations { blackHole(policy.pick(at: time)) }
    }
}

func balancerBenchmarks() {
    let (trace, source, model) = try! balancingInputs()
    let pool = warmedPool(trace)
    let now = trace.timestamps[min(trace.count, 20_000) - 1] + 0.02
    print("balancer decisions: 16 backends warmed with \(min(trace.count, 20_000)) recorded answers; model \(model.name), \(model.featureCount) features")
    decisionBenchmark("Balancer decision, predicted (full scan), 16 backends (ns per decision)", PredictedLatencyPolicy(pool: pool, model: model, scan: .all), at: now)
    decisionBenchmark("Balancer decision, predicted (two choices), 16 backends (ns per decision)", PredictedLatencyPolicy(pool: pool, model: model, scan: .two), at: now)
    decisionBenchmark("Balancer decision, peak-EWMA, 16 backends (ns per decision)", PeakEWMAPolicy(pool: pool), at: now)
    decisionBenchmark("Balancer decision, P2C least requests, 16 backends (ns per decision)", LeastRequestPolicy(pool: pool), at: now)

    let balancer = try! Balancer(backends: (0..<16).map { "10.0.0.\($0)" }, policy: .init(name: .predicted, model: model), clock: ContinuousClock(), seed: 1)
    Benchmark("Runtime Balancer pick + complete, predicted (full scan), 16 backends (ns per request)", configuration: .init(scalingFactor: .mega)) { benchmark in
        for _ in benchmark.scaledIterations {
            let ticket = balancer.pick()!
            balancer.complete(ticket)
        }
    }

    // Replay throughput: requests simulated per second = requests per run (printed) × runs per second.
    for policy in [BalancingPolicyName.p2c, .predicted] {
        var options = BalanceSimulation.Options()
        options.scenarios = [.heterogeneous]
        options.policies = [policy]
        options.model = model
        options.trainUntil = 60
        options.until = 90
        let report = try! BalanceSimulation.run(recording: trace, source: source, options: options)
        print("replay \(policy.rawValue): \(report.results[0].requests) requests per run")
        Benchmark("Balancing replay, heterogeneous, 16 backends, \(policy.rawValue), \(report.results[0].requests) requests per run") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try BalanceSimulation.run(recording: trace, source: source, options: options)) }
        }
    }
}
