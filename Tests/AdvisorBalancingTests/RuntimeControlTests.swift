import AdvisorBalancing
import AdvisorLearning
import AdvisorTestSupport
import Foundation
import Testing

/// The thread-safe runtime types, driven by a manual clock.
@Suite struct RuntimeControlTests {
    struct ServiceError: Error {}

    @Test func theSharedBreakerOpensRejectsAndRecoversOnTheClock() async throws {
        let clock = ManualClock()
        let breaker = try SharedCircuitBreaker(
            slidingWindow: .count(4), minimumCalls: 4, slowCallDuration: .seconds(1), waitInOpen: .seconds(10), permittedCallsInHalfOpen: 1,
            clock: clock)
        for _ in 0..<4 {
            await #expect(throws: ServiceError.self) { try await breaker.execute { throw ServiceError() } }
        }
        #expect(breaker.state == .open)
        clock.advance(by: .seconds(4))
        let rejection = await #expect(throws: CircuitBreakerRejection.self) { try await breaker.execute { 1 } }
        #expect(rejection?.retryAfter == .seconds(6))
        clock.advance(by: .seconds(6))
        #expect(try await breaker.execute { 2 } == 2)
        #expect(breaker.state == .closed)
    }

    @Test func theSharedBreakerTimesCallsOnItsClockAndIgnoresCancellation() async throws {
        let clock = ManualClock()
        let breaker = try SharedCircuitBreaker(
            slidingWindow: .count(2), minimumCalls: 2, slowCallRateThreshold: 1, slowCallDuration: .seconds(1), clock: clock)
        await #expect(throws: CancellationError.self) { try await breaker.execute { throw CancellationError() } }
        #expect(breaker.rates.calls == 0)
        for _ in 0..<2 {
            _ = try await breaker.execute { clock.advance(by: .milliseconds(1500)) }
        }
        #expect(breaker.state == .open)  // two successes, both slow
    }

    @Test func theSharedLimiterSamplesRoundTripTimesOnItsClock() async throws {
        let clock = ManualClock()
        let limiter = try SharedConcurrencyLimiter.aimd(initialLimit: 4, timeout: .milliseconds(100), clock: clock)
        _ = try await limiter.run { clock.advance(by: .milliseconds(10)) }
        #expect(limiter.limit == 4)  // one in flight of four: app-limited, no growth
        _ = try await limiter.run { clock.advance(by: .milliseconds(250)) }
        #expect(limiter.limit == 3)  // slower than the timeout: a drop, 4 × 0.9 rounded down
        var held: [LimiterPermit] = []
        for _ in 0..<3 {
            guard case .admitted(let permit) = limiter.acquire() else {
                Issue.record("a request under the limit was rejected")
                return
            }
            held.append(permit)
        }
        await #expect(throws: LimiterRejection.limitReached(limit: 3, inflight: 3)) { try await limiter.run { 0 } }
        for permit in held { limiter.release(permit, outcome: .cancelled) }
        #expect(limiter.inflight == 0 && limiter.limit == 3)
    }

    @Test func theSharedTimeoutAdvisorPredictsPerBackendAndCorrectsOnTimeouts() async throws {
        // log(ms) = 1 · log_ewma_latency + log 3: the p99 is three times the backend's EWMA.
        let model = try ControlModels.model(intercept: log(3), coefficients: ["log_ewma_latency": 1])
        let clock = ManualClock()
        let backends = BackendSet([0, 1], clock: clock)
        let timeouts = try SharedTimeoutAdvisor(model: model, backends: backends, targetRate: 0.01, floor: .zero, calibrationStep: 0.5)
        let first = try #require(backends.start(0))
        let firstTimeout = timeouts.timeout(for: first)
        #expect(abs(Self.milliseconds(firstTimeout) - 3) < 1e-6)  // no answer yet: the tracker's prior of 1 ms
        clock.advance(by: .milliseconds(2))
        backends.complete(first)
        timeouts.record(first, timeout: firstTimeout, outcome: .succeeded)
        // The first answer took 2 ms; answering in time lowered the correction by step × rate.
        let second = try #require(backends.start(0))
        let secondTimeout = timeouts.timeout(for: second)
        #expect(abs(Self.milliseconds(secondTimeout) - 6 * exp(-0.005)) < 1e-6)
        let other = try #require(backends.start(1))
        let otherTimeout = timeouts.timeout(for: other)
        #expect(abs(Self.milliseconds(otherTimeout) - 3 * exp(-0.005)) < 1e-6)
        clock.advance(by: .milliseconds(7))
        timeouts.record(second, timeout: secondTimeout, outcome: .timedOut)
        #expect(abs(timeouts.correctionFactor - exp(0.5 * (0.99 - 0.01))) < 1e-12)
        // An answer slower than its timeout is a false timeout even if the caller let it run.
        timeouts.record(other, timeout: otherTimeout, outcome: .succeeded)
        #expect(abs(timeouts.correctionFactor - exp(0.5 * (2 * 0.99 - 0.01))) < 1e-12)
    }

    @Test func aControlPredictsOnTheBalancersRequestsThroughTheSharedSet() throws {
        // log(ms) = log 10 + log1p(inflight): 10 ms idle, 20 ms with one request ahead.
        let model = try ControlModels.model(intercept: log(10), coefficients: ["log1p_inflight": 1])
        let backends = BackendSet(["only"], clock: ManualClock())
        let balancer = try Balancer(backends: backends, policy: .roundRobin)
        let timeouts = try SharedTimeoutAdvisor(model: model, backends: backends, targetRate: 0.01, floor: .zero, calibrationStep: nil)
        let first = try #require(balancer.pick())
        #expect(abs(Self.milliseconds(timeouts.timeout(for: first)) - 10) < 1e-6)  // predicted as before it was sent
        let second = try #require(balancer.pick())
        #expect(abs(Self.milliseconds(timeouts.timeout(for: second)) - 10 * 2) < 1e-6)  // the balancer's first request is ahead of it
        #expect(backends.inflight("only") == 2)
        backends.complete(first)
        backends.complete(second)
        #expect(backends.inflight("only") == 0)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) * 1e-15
    }

    @Test func theSharedPredictedLimiterRejectsWhenOneMoreInFlightWouldBeTooSlowForTheBackend() throws {
        // log(ms) = log 10 + 0.8 · log1p(inflight) + 0.5 · log(ewma): 1st, 2nd, 3rd request in flight at 1, 1.74, 2.41 × the idle backend.
        let model = try ControlModels.model(intercept: log(10), coefficients: ["log1p_inflight": 0.8, "log_ewma_latency": 0.5])
        let clock = ManualClock()
        let backends = BackendSet([0, 1], clock: clock)
        let limiter = try SharedPredictedLatencyLimiter(model: model, backends: backends, tolerance: 2)
        let first = try #require(backends.start(0))
        try limiter.admit(first)
        try limiter.admit(try #require(backends.start(0)))
        let error = #expect(throws: LimiterRejection.self) { try limiter.admit(try #require(backends.start(0))) }
        guard case .predictedLatencyAboveTarget(let predicted, let bound)? = error else {
            Issue.record("expected a rejection on the prediction, got \(String(describing: error))")
            return
        }
        // Backend 0 has not answered yet: its EWMA is the tracker's prior of 1 ms, so its idle prediction is 10 ms.
        // (Within 1 %: the features' logarithms are the package's fast one, absolute error below 0.006 each.)
        #expect(abs(predicted / (10 * pow(3, 0.8)) - 1) < 0.01 && abs(bound / 20 - 1) < 0.01)
        #expect(backends.inflight(0) == 2)  // the refused ticket was taken back from the set
        // Another backend has nothing in flight.
        try limiter.admit(try #require(backends.start(1)))
        clock.advance(by: .milliseconds(100))
        limiter.release(first)
        backends.complete(first)
        #expect(limiter.inflight(slot: 0) == 1)
        try limiter.admit(try #require(backends.start(0)))
        // The bound follows the backend: its first answer took 100 ms, so its idle prediction is 10 · √100 = 100 ms,
        // and a third request in flight is refused at 241 ms against a bound of 200.
        let slower = #expect(throws: LimiterRejection.self) { try limiter.admit(try #require(backends.start(0))) }
        guard case .predictedLatencyAboveTarget(let predicted, let bound)? = slower else {
            Issue.record("expected a rejection on the prediction, got \(String(describing: slower))")
            return
        }
        #expect(abs(predicted / (100 * pow(3, 0.8)) - 1) < 0.01 && abs(bound / 200 - 1) < 0.01)
    }

    @Test func theSharedHedgePlannerSendsABackupWhenThePrimaryOutlivesItsDelay() async throws {
        // log(ms) = log 50: a p95 of 50 ms whatever the backend.
        let model = try ControlModels.model(intercept: log(50), coefficients: [:], quantile: 0.95)
        let clock = ManualClock()
        let backends = BackendSet([0, 1], clock: clock, seed: 1)
        let hedging = try SharedHedgePlanner(model: model, backends: backends, maximumExtraLoad: 1, calibrationStep: nil)
        try await Self.expectBackup(from: hedging, over: backends, after: 50, on: clock)
    }

    /// Runs a primary that hangs until cancelled and expects the backup to go exactly `delay` ms after it, to the other
    /// backend, and to win; both tickets are completed by the planner.
    static func expectBackup(from hedging: SharedHedgePlanner, over backends: BackendSet<Int>, after delay: Int, on clock: ManualClock)
        async throws
    {
        let balancer = try Balancer(backends: backends, policy: .roundRobin)
        let primary = try #require(balancer.pick())
        let answer = Task {
            try await hedging.execute(primary, on: balancer) { backend in
                if backend == primary.backend { try await Task.sleep(for: .seconds(3600)) }
                return backend
            }
        }
        while clock.sleeperCount == 0 { await Task.yield() }
        clock.advance(by: .milliseconds(delay - 1))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .milliseconds(1))
        #expect(try await answer.value == 1 - primary.backend)
        #expect(hedging.backups == (sent: 1, refused: 0))
        #expect(backends.inflight(0) == 0 && backends.inflight(1) == 0)
    }

    @Test func oneDelayForAllSendsTheBackupWhenItElapses() async throws {
        let clock = ManualClock()
        let hedging = try SharedHedgePlanner(delay: .milliseconds(20), maximumExtraLoad: 1, calibrationStep: nil, clock: clock)
        try await Self.expectBackup(from: hedging, over: BackendSet([0, 1], clock: clock, seed: 2), after: 20, on: clock)
        #expect(throws: ControlConfigurationError.self) { try SharedHedgePlanner(delay: .zero) }
    }

    @Test func theSharedHedgePlannerSendsNoBackupWhenThePrimaryIsQuick() async throws {
        let model = try ControlModels.model(intercept: log(50), coefficients: [:], quantile: 0.95)
        let backends = BackendSet([2, 3], clock: ManualClock())
        let balancer = try Balancer(backends: backends, policy: .roundRobin)
        let hedging = try SharedHedgePlanner(model: model, backends: backends, maximumExtraLoad: 1, calibrationStep: nil)
        let primary = try #require(balancer.pick())
        #expect(try await hedging.execute(primary, on: balancer) { $0 } == primary.backend)
        #expect(hedging.backups == (sent: 0, refused: 0))
        #expect(backends.inflight(primary.backend) == 0)
    }

    @Test func theSharedRetryBudgetCountsOnItsClock() throws {
        let clock = ManualClock()
        let budget = try SharedRetryBudget(ratio: 0.5, minimumPerSecond: 0, window: .seconds(1), clock: clock)
        budget.recordRequest()
        budget.recordRequest()
        #expect(budget.tryRetry())
        #expect(!budget.tryRetry())
        clock.advance(by: .seconds(2))
        #expect(budget.available == 0)
    }

    @Test func aLatencyModelMustReadTheTrackersFeatures() throws {
        var model = try ControlModels.latency(intercept: 0, coefficients: [:])
        model.features[0] = "queue_length"
        #expect(throws: LearningError.self) { try LatencyModel(model) }
    }
}
