import AdvisorBalancing
import Testing

/// Ejection of failing and stalled backends, shared by every policy through the pool.
@Suite struct OutlierEjectionTests {
    static func failures<Policy: BalancerPolicy>(_ policy: inout Policy, _ backend: Int, count: Int, at time: Double) {
        for _ in 0..<count {
            policy.started(backend, at: time)
            policy.completed(backend, latency: 100, failed: true, at: time)
        }
    }

    @Test func fiveFailuresInARowEjectForAGrowingTime() {
        var policy = RoundRobinPolicy(pool: BackendPool(backends: 4, seed: 1))
        Self.failures(&policy, 2, count: 4, at: 0)
        #expect(!policy.pool.isEjected(2))
        // A success in between resets the count.
        policy.started(2, at: 0)
        policy.completed(2, latency: 1, failed: false, at: 0)
        Self.failures(&policy, 2, count: 4, at: 0)
        #expect(!policy.pool.isEjected(2))
        Self.failures(&policy, 2, count: 1, at: 0)
        #expect(policy.pool.isEjected(2))
        #expect(!(0..<40).contains { _ in policy.pick(at: 1) == 2 })
        // Back after the base ejection time (5 s); ejected again, it stays out twice as long.
        #expect(policy.pool.candidates.count == 3)
        _ = policy.pick(at: 5)
        #expect(policy.pool.candidates == [0, 1, 2, 3])
        Self.failures(&policy, 2, count: 5, at: 6)
        _ = policy.pick(at: 11)
        #expect(policy.pool.isEjected(2))
        _ = policy.pick(at: 16)
        #expect(!policy.pool.isEjected(2))
        #expect(policy.pool.ejections == 2)
    }

    @Test func atMostTheCapIsEjectedAndTheLastBackendNever() {
        // Envoy's 10 % cap: of four backends only one may be out at a time.
        var policy = LeastRequestPolicy(pool: BackendPool(backends: 4, seed: 1))
        for backend in 0..<4 { Self.failures(&policy, backend, count: 5, at: 0) }
        #expect((0..<4).filter { policy.pool.isEjected($0) } == [0])
        var single = RandomPolicy(pool: BackendPool(backends: 1, seed: 1))
        Self.failures(&single, 0, count: 10, at: 0)
        #expect(!single.pool.isEjected(0))
        #expect(single.pick(at: 1) == 0)
    }

    @Test func aBackendHoldingRequestsWithoutAnsweringIsEjectedAsStalled() {
        var policy = RoundRobinPolicy(pool: BackendPool(backends: 3, seed: 1))
        policy.started(1, at: 0)
        policy.started(0, at: 0)
        policy.completed(0, latency: 1, failed: false, at: 0.001)
        _ = policy.pick(at: 1.9)
        #expect(!policy.pool.isEjected(1))
        _ = policy.pick(at: 2.05)
        #expect(policy.pool.isEjected(1))
        #expect(!policy.pool.isEjected(0))
    }

    @Test func disabledSettingsNeverEject() {
        var policy = RoundRobinPolicy(pool: BackendPool(backends: 3, outliers: .disabled, seed: 1))
        Self.failures(&policy, 1, count: 50, at: 0)
        policy.started(2, at: 0)
        _ = policy.pick(at: 100)
        #expect(policy.pool.ejections == 0)
    }

    @Test func removedBackendsLeaveTheCandidatesAndTheirIndexIsReused() {
        var policy = RoundRobinPolicy(pool: BackendPool(backends: 3, seed: 1))
        policy.started(1, at: 0)
        policy.removeBackend(1)
        #expect(policy.pool.candidates == [0, 2])
        #expect(!(0..<20).contains { _ in policy.pick(at: 0) == 1 })
        let index = policy.addBackend()
        #expect(index == 1)
        // The newcomer starts from the prior, not from the removed backend's requests in flight.
        #expect(policy.pool.features.inflight(1) == 0)
        #expect(policy.pool.candidates == [0, 1, 2])
    }
}
