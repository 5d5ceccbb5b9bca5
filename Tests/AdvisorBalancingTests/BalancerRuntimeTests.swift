import AdvisorBalancing
import AdvisorTestSupport
import Synchronization
import Testing

/// The thread-safe runtime wrapper: injected clock, add/remove while running, many callers at once.
@Suite struct BalancerRuntimeTests {
    @Test func latencyIsMeasuredOnTheInjectedClock() throws {
        let clock = ManualClock()
        let balancer = try Balancer(backends: ["a", "b"], policy: .init(name: .peakEWMA), clock: clock, seed: 3)
        let slow = try #require(balancer.pick())
        #expect(balancer.inflight(slow.backend) == 1)
        clock.advance(by: .milliseconds(40))
        balancer.complete(slow)
        #expect(balancer.inflight(slow.backend) == 0)
        // 40 ms measured on the manual clock makes that backend the expensive one for peak-EWMA.
        let fast = slow.backend == "a" ? "b" : "a"
        for _ in 0..<5 {
            let ticket = try #require(balancer.pick())
            #expect(ticket.backend == fast)
            clock.advance(by: .milliseconds(1))
            balancer.complete(ticket)
        }
    }

    @Test func aBackupGoesToTheBestOtherBackendAndCountsAsInFlight() throws {
        let clock = ManualClock()
        let balancer = try Balancer(backends: ["a", "b", "c"], policy: .init(name: .peakEWMA), clock: clock, seed: 5)
        // b answers slowly: of the backends other than the primary, a backup then avoids it.
        var seen: Set<String> = []
        for _ in 0..<30 {
            let ticket = try #require(balancer.pick())
            seen.insert(ticket.backend)
            clock.advance(by: .milliseconds(ticket.backend == "b" ? 40 : 1))
            balancer.complete(ticket)
        }
        #expect(seen == ["a", "b", "c"])
        let primary = try #require(balancer.pick())
        #expect(primary.backend != "b")
        let backup = try #require(balancer.pick(avoiding: primary))
        #expect(backup.backend != primary.backend && backup.backend != "b")
        #expect(balancer.inflight(backup.backend) == 1)
        balancer.complete(backup)
        balancer.complete(primary)
        // With the primary's backend the only one left, there is no other to back up to.
        balancer.remove("b")
        balancer.remove(primary.backend == "a" ? "c" : "a")
        let only = try #require(balancer.pick())
        #expect(balancer.pick(avoiding: only) == nil)
    }

    @Test func completionsOfARemovedBackendAreIgnoredEvenWhenItsSlotIsReused() throws {
        let balancer = try Balancer(backends: ["a"], policy: .init(name: .roundRobin), clock: ManualClock(), seed: 1)
        let old = try #require(balancer.pick())
        balancer.remove("a")
        #expect(balancer.pick() == nil)
        balancer.add("c")
        #expect(balancer.backends == ["c"])
        let new = try #require(balancer.pick())
        #expect(new.backend == "c")
        // The old ticket names the same slot, but a previous occupant: it must not touch c's count.
        balancer.complete(old, failed: true)
        #expect(balancer.inflight("c") == 1)
        balancer.complete(new)
        #expect(balancer.inflight("c") == 0)
    }

    @Test func concurrentPicksCompletionsAddsAndRemovesStayConsistent() async throws {
        let balancer = try Balancer(backends: (0..<8).map { "b\($0)" }, policy: .init(name: .p2c), clock: ContinuousClock(), seed: 9)
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
                        balancer.complete(ticket, failed: (round + worker) % 50 == 0)
                    }
                }
            }
            group.addTask {
                for round in 0..<200 {
                    let name = "gone\(round)"
                    balancer.add(name)
                    balancer.remove(name)
                    removed.value.withLock { _ = $0.insert(name) }
                }
            }
        }
        #expect(strayPicks.value.withLock { $0 } == 0)
        #expect(Set(balancer.backends) == Set((0..<8).map { "b\($0)" }))
        for backend in balancer.backends { #expect(balancer.inflight(backend) == 0) }
    }

    @Test func prequalTicketsCarryProbeRequestsAndAnswersSteerIt() throws {
        let balancer = try Balancer(backends: ["a", "b"], policy: .init(name: .prequal), clock: ManualClock(), seed: 5)
        let ticket = try #require(balancer.pick())
        #expect(ticket.probes.count == PrequalPolicy.Settings().probesPerQuery)
        balancer.complete(ticket)
        balancer.receive(ProbeAnswer(requestsInFlight: 0, latency: 1), from: "b")
        balancer.receive(ProbeAnswer(requestsInFlight: 0, latency: 9), from: "a")
        #expect(balancer.pick()?.backend == "b")
    }

    @Test func aPredictedBalancerRefusesAModelForOtherFeatures() throws {
        #expect(throws: (any Error).self) {
            try Balancer<String, ManualClock>(policy: .init(name: .predicted), clock: ManualClock(), seed: 1)
        }
    }
}

/// A value shared between test tasks.
final class Locked<Value: Sendable>: Sendable {
    let value: Mutex<Value>

    init(_ initial: Value) {
        value = Mutex(initial)
    }
}
