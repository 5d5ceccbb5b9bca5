import AdvisorBalancing
import BalancerFixtures
import Benchmark

// The runtime `Balancer` as an embedder runs it: release build, 16 backends on the real `ContinuousClock`, one
// `pick` + `complete` per measured request, against a hand-rolled `Mutex` P2C in the same run. The predicted
// policy uses the default model: the mean latency model `advisor train` fits on the repository's embedded
// loopback-redis recording (real redis-server timings), written to a model folder and loaded as an application
// loads it. The control rows add one runtime control's calls per request on top of the predicted balancer.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(3))
    let models = try! defaultModels()
    let mean = try! models.mean
    let perRequest = Benchmark.Configuration(scalingFactor: .mega)

    let policies: [(String, BalancingPolicy)] = [("predicted (default model)", .predicted(mean)), ("peak-EWMA", .peakEWMA), ("P2C", .p2c)]
    for (name, policy) in policies {
        let (backends, balancer) = warmedSet(policy)
        Benchmark("Balancer pick + complete, \(name), 16 backends (ns per request)", configuration: perRequest) { benchmark in
            for _ in benchmark.scaledIterations {
                backends.complete(balancer.pick()!)
            }
        }
    }

    let handRolled = HandRolledP2C()
    Benchmark("Hand-rolled Mutex P2C pick + complete, 16 backends (ns per request)", configuration: perRequest) { benchmark in
        for _ in benchmark.scaledIterations {
            handRolled.complete(handRolled.pick())
        }
    }

    do {
        let (backends, balancer) = warmedSet(.predicted(mean))
        let timeouts = try! SharedTimeoutAdvisor(model: models.quantile(0.99), backends: backends, targetRate: 0.01)
        Benchmark("Balancer predicted + SharedTimeoutAdvisor timeout + record (ns per request)", configuration: perRequest) { benchmark in
            for _ in benchmark.scaledIterations {
                let ticket = balancer.pick()!
                let timeout = timeouts.timeout(for: ticket)
                timeouts.record(ticket, timeout: timeout, outcome: .succeeded)
                backends.complete(ticket)
            }
        }
    }
    do {
        let (backends, balancer) = warmedSet(.predicted(mean))
        let limiter = try! SharedPredictedLatencyLimiter(model: mean, backends: backends, minimumConcurrency: 4)
        Benchmark("Balancer predicted + SharedPredictedLatencyLimiter admit + release (ns per request)", configuration: perRequest) {
            benchmark in
            for _ in benchmark.scaledIterations {
                let ticket = balancer.pick()!
                guard (try? limiter.admit(ticket)) != nil else { continue }
                limiter.release(ticket)
                backends.complete(ticket)
            }
        }
    }
}
