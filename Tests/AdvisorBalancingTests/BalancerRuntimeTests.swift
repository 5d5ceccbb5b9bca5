import AdvisorBalancing
import AdvisorTestSupport
import Synchronization
import Testing

/// The thread-safe runtime wrapper: injected clock, add/remove while running, many callers at once.
@Suite struct BalancerRuntimeTests {
    @Test func latencyIsMeasuredOnTheInjectedClock() throws {
        let clock = ManualClock()
        let backends = BackendSet(["a", "b"], clock: clock, seed: 3)
        let balancer = try Balancer(backends: backends, policy: .peakEWMA)
        let slow = try #require(balancer.pick())
        #expect(backends.inflight(slow.backend) == 1)
        clock.advance(by: .milliseconds(40))
        backends.complete(slow)
        #expect(backends.inflight(slow.backend) == 0)
        // 40 ms measured on the manual clock makes that backend the expensive one for peak-EWMA.
        let fast = slow.backend == "a" ? "b" : "a"
        for _ in 0..<5 {
            let ticket = try #require(balancer.pick())
            #expect(ticket.backend == fast)
            clock.advance(by: .milliseconds(1))
            backends.complete(ticket)
        }
    }

    @Test func aBackupGoesToTheBestOtherBackendAndCountsAsInFlight() throws {
        let clock = ManualClock()
        let backends = BackendSet(["a", "b", "c"], clock: clock, seed: 5)
        let balancer = try Balancer(backends: backends, policy: .peakEWMA)
        // b answers slowly: of the backends other than the primary, a backup then avoids it.
        var seen: Set<String> = []
        for _ in 0..<30 {
            let ticket = try #require(balancer.pick())
            seen.insert(ticket.backend)
            clock.advance(by: .milliseconds(ticket.backend == "b" ? 40 : 1))
            backends.complete(ticket)
        }
        #expect(seen == ["a", "b", "c"])
        let primary = try #require(balancer.pick())
        #expect(primary.backend != "b")
        let backup = try #require(balancer.pick(avoiding: primary))
        #expect(backup.backend != primary.backend && backup.backend != "b")
        #expect(backends.inflight(backup.backend) == 1)
        backends.complete(backup)
        backends.complete(primary)
        // With the primary's backend the only one left, there is no other to back up to.
        backends.remove("b")
        backends.remove(primary.backend == "a" ? "c" : "a")
        let only = try #require(balancer.pick())
        #expect(balancer.pick(avoiding: only) == nil)
    }

    @Test func completionsOfARemovedBackendAreIgnoredEvenWhenItsSlotIsReused() throws {
        let backends = BackendSet(["a"], clock: ManualClock(), seed: 1)
        let balancer = try Balancer(backends: backends, policy: .roundRobin)
        let old = try #require(balancer.pick())
        backends.remove("a")
        #expect(balancer.pick() == nil)
        backends.add("c")
        #expect(backends.backends == ["c"])
        let new = try #require(balancer.pick())
        #expect(new.backend == "c")
        // The old ticket names the same slot, but a previous occupant: it must not touch c's count.
        backends.complete(old, outcome: .failed)
        #expect(backends.inflight("c") == 1)
        backends.complete(new)
        #expect(backends.inflight("c") == 0)
    }

    @Test func concurrentPicksCompletionsAddsAndRemovesStayConsistent() async throws {
        let backends = BackendSet((0..<8).map { "b\($0)" }, seed: 9)
        let balancer = try Balancer(backends: backends, policy: .p2c)
        let removed = Locked(Set<String>())
        let strayPicks = Locked(0)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for round in 0..<2_000 {
                        // A backend whose removal had returned before this pick started can never be chosen.
                        let removedBefore = removed.value.withLock { $0 }
                        guard let ticket = balancer.pick() else { continue }
                        if removedBefore.contains(ticket.backend) { strayPicks.value.withLock { $0 += 1 } }
                        backends.complete(ticket, outcome: (round + worker) % 50 == 0 ? .failed : .succeeded)
                    }
                }
            }
            group.addTask {
                for round in 0..<200 {
                    let name = "gone\(round)"
                    backends.add(name)
                    backends.remove(name)
                    removed.value.withLock { _ = $0.insert(name) }
                }
            }
        }
        #expect(strayPicks.value.withLock { $0 } == 0)
        #expect(Set(backends.backends) == Set((0..<8).map { "b\($0)" }))
        for backend in backends.backends { #expect(backends.inflight(backend) == 0) }
    }

    @Test func prequalTicketsCarryProbeRequestsAndAnswersSteerIt() throws {
        let backends = BackendSet(["a", "b"], clock: ManualClock(), seed: 5)
        let balancer = try Balancer(backends: backends, policy: .prequal)
        let ticket = try #require(balancer.pick())
        #expect(ticket.probes.count == PrequalPolicy.Settings().probesPerQuery)
        backends.complete(ticket)
        balancer.receive(ProbeAnswer(requestsInFlight: 0, latency: 1), from: "b")
        balancer.receive(ProbeAnswer(requestsInFlight: 0, latency: 9), from: "a")
        #expect(balancer.pick()?.backend == "b")
    }

    @Test func aPredictedBalancerRefusesAModelThatReadsMetricsTheSetWasNotDeclaredWith() throws {
        let model = try ControlModels.model(intercept: 0, coefficients: [:], metrics: ["cpu", "queue"])
        let error = #expect(throws: ControlConfigurationError.self) { try Balancer(backends: BackendSet(["a"]), policy: .predicted(model)) }
        #expect(error?.setting == "model")
        #expect(error?.description.contains("[\"cpu\", \"queue\"]") == true)
        let declared = BackendSet(["a", "b"], metricNames: ["cpu", "queue"])
        let balancer = try Balancer(backends: declared, policy: .predicted(model))
        #expect(throws: ControlConfigurationError.self) { try declared.report(metrics: [0.5], from: "a") }
        try declared.report(metrics: [0.5, 3], from: "a")
        #expect(balancer.pick() != nil)
    }

    @Test func aSetServesOneBalancer() throws {
        let backends = BackendSet(["a"])
        _ = try Balancer(backends: backends, policy: .p2c)
        #expect(throws: ControlConfigurationError.self) { try Balancer(backends: backends, policy: .random) }
    }

    @Test func aCustomPolicyChoosesFromThePoolAndCannotSendAnywhereElse() throws {
        struct Last: CustomBalancerPolicy {
            mutating func choose(from pool: inout BackendPool, at time: Double) -> Int { pool.candidates.last! }
        }
        struct Nowhere: CustomBalancerPolicy {
            mutating func choose(from pool: inout BackendPool, at time: Double) -> Int { 99 }
        }
        let last = try Balancer(backends: BackendSet(["a", "b", "c"]), policy: .custom(Last()))
        #expect(last.pick()?.backend == "c")
        let nowhere = try Balancer(backends: BackendSet(["a", "b"]), policy: .custom(Nowhere()))
        #expect(nowhere.pick()?.backend == "a")  // an index that is no candidate falls back to the first candidate
    }
}

/// A value shared between test tasks.
final class Locked<Value: Sendable>: Sendable {
    let value: Mutex<Value>

    init(_ initial: Value) {
        value = Mutex(initial)
    }
}
