import AdvisorBalancing
import BalancerFixtures
import Foundation

// BalancerBenchmarks' pick + complete, timed in the process's CPU time (as CacheCPUTime times the cache), so that a
// run on a machine shared with other work counts only this loop, and so that a profiler sees nothing but the loop.
//
// Run: swift run -c release BalancerCPUTime predicted|peak-ewma|p2c|hand-rolled|timeouts|limiter [REQUESTS]
// It prints nanoseconds of CPU time per request (one pick and one complete; `timeouts` adds SharedTimeoutAdvisor's
// timeout(for:) and record, `limiter` SharedPredictedLatencyLimiter's admit and release, both on the predicted balancer
// with the default models, as BalancerBenchmarks' control rows do).

/// CPU time of the whole process so far, in nanoseconds.
func cpuNanoseconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return Double(now.tv_sec) * 1e9 + Double(now.tv_nsec)
}

/// CPU nanoseconds per call of `body` over `count` calls.
@inline(__always)
func perRequest(_ count: Int, _ body: () -> Void) -> Double {
    let start = cpuNanoseconds()
    for _ in 0..<count { body() }
    return (cpuNanoseconds() - start) / Double(count)
}

let arguments = CommandLine.arguments
let requests = arguments.count > 2 ? Int(arguments[2]) ?? 5_000_000 : 5_000_000
let policies: [String: () throws -> BalancingPolicy] = [
    "predicted": { .predicted(try defaultModels().mean) }, "peak-ewma": { .peakEWMA }, "p2c": { .p2c },
]
if arguments.count > 1, arguments[1] == "timeouts" || arguments[1] == "limiter" {
    let models = try defaultModels()
    let mean = try models.mean
    let (backends, balancer) = warmedSet(.predicted(mean))
    if arguments[1] == "timeouts" {
        let timeouts = try SharedTimeoutAdvisor(model: models.quantile(0.99), backends: backends, targetRate: 0.01)
        let nanoseconds = perRequest(requests) {
            let ticket = balancer.pick()!
            timeouts.record(ticket, timeout: timeouts.timeout(for: ticket), outcome: .succeeded)
            backends.complete(ticket)
        }
        print("Balancer predicted + SharedTimeoutAdvisor timeout + record, 16 backends: \(nanoseconds) ns")
    } else {
        let limiter = try SharedPredictedLatencyLimiter(model: mean, backends: backends, minimumConcurrency: 4)
        let nanoseconds = perRequest(requests) {
            let ticket = balancer.pick()!
            if (try? limiter.admit(ticket)) != nil { limiter.release(ticket) }
            backends.complete(ticket)
        }
        print("Balancer predicted + SharedPredictedLatencyLimiter admit + release, 16 backends: \(nanoseconds) ns")
    }
} else if arguments.count > 1, arguments[1] == "hand-rolled" {
    let balancer = HandRolledP2C()
    print("hand-rolled Mutex P2C, 16 backends: \(perRequest(requests) { balancer.complete(balancer.pick()) }) ns")
} else if arguments.count > 1, let policy = policies[arguments[1]] {
    let (backends, balancer) = warmedSet(try policy())
    print("Balancer \(arguments[1]), 16 backends: \(perRequest(requests) { backends.complete(balancer.pick()!) }) ns")
} else {
    print("usage: BalancerCPUTime predicted|peak-ewma|p2c|hand-rolled|timeouts|limiter [REQUESTS]")
    exit(2)
}
