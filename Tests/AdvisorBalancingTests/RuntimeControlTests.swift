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
            .init(slidingWindow: .count(4), minimumCalls: 4, slowCallDuration: .seconds(1), waitInOpen: .seconds(10), permittedCallsInHalfOpen: 1),
            clock: clock)
        for _ in 0..<4 {
            await #expect(throws: ServiceError.self) { try await breaker.execute { throw ServiceError() } }
        }
        #expect(breaker.state == .open)
        clock.advance(by: .seconds(4))
        let rejection = await #expect(throws: CircuitBreaker.Rejection.self) { try await breaker.execute { 1 } }
        #expect(rejection?.retryAfter == 6)
        clock.advance(by: .seconds(6))
        #expect(try await breaker.execute { 2 } == 2)
        #expect(breaker.state == .closed)
    }

    @Test func theSharedBreakerTimesCallsOnItsClockAndIgnoresCancellation() async throws {
        let clock = ManualClock()
        let breaker = try SharedCircuitBreaker(
            .init(slidingWindow: .count(2), minimumCalls: 2, slowCallRateThreshold: 1, slowCallDuration: .seconds(1)), clock: clock)
        await #expect(throws: CancellationError.self) { try await breaker.execute { throw CancellationError() } }
        #expect(breaker.rates.calls == 0)
        for _ in 0..<2 {
            _ = try await breaker.execute { clock.advance(by: .milliseconds(1500)) }
        }
        #expect(breaker.state == .open)  // two successes, both slow
    }

    @Test func theSharedLimiterSamplesRoundTripTimesOnItsClock() async throws {
        let clock = ManualClock()
        let limiter = SharedConcurrencyLimiter(try AIMDLimit(.init(initialLimit: 4, timeout: .milliseconds(100))), clock: clock)
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
        for permit in held { limiter.release(permit, outcome: .ignored) }
        #expect(limiter.inflight == 0 && limiter.limit == 3)
    }

    @Test func theSharedTimeoutAdvisorPredictsPerBackendAndCorrectsOnTimeouts() async throws {
        // log(ms) = 1 · log_ewma_latency + log 3: the p99 is three times the backend's EWMA.
        let model = try ControlModels.latency(intercept: log(3), coefficients: ["log_ewma_latency": 1])
        let clock = ManualClock()
        let timeouts = try SharedTimeoutAdvisor(
            predictor: LatencyPredictor(model: model), configuration: .init(targetRate: 0.01, floor: .zero, calibration: .init(step: 0.5)),
            clock: clock)
        let first = timeouts.start(backend: 0)
        #expect(abs(Self.milliseconds(first.timeout) - 3) < 1e-6)  // no answer yet: the tracker's prior of 1 ms
        clock.advance(by: .milliseconds(2))
        timeouts.finish(first, outcome: .succeeded)
        // The first answer took 2 ms; answering in time lowered the correction by step × rate.
        let second = timeouts.start(backend: 0)
        #expect(abs(Self.milliseconds(second.timeout) - 6 * exp(-0.005)) < 1e-6)
        let other = timeouts.start(backend: 1)
        #expect(abs(Self.milliseconds(other.timeout) - 3 * exp(-0.005)) < 1e-6)
        clock.advance(by: .milliseconds(7))
        timeouts.finish(second, outcome: .timedOut)
        #expect(abs(timeouts.correctionFactor - exp(0.5 * (0.99 - 0.01))) < 1e-12)
        // An answer slower than its timeout is a false timeout even if the caller let it run.
        timeouts.finish(other, outcome: .succeeded)
        #expect(abs(timeouts.correctionFactor - exp(0.5 * (2 * 0.99 - 0.01))) < 1e-12)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) * 1e-15
    }

    @Test func theSharedPredictedLimiterRejectsWhenOneMoreInFlightWouldBeTooSlowForTheBackend() throws {
        // log(ms) = log 10 + 0.8 · log1p(inflight) + 0.5 · log(ewma): 1st, 2nd, 3rd request in flight at 1, 1.74, 2.41 × the idle backend.
        let model = try ControlModels.latency(intercept: log(10), coefficients: ["log1p_inflight": 0.8, "log_ewma_latency": 0.5])
        let clock = ManualClock()
        let limiter = try SharedPredictedLatencyLimiter(
            predictor: LatencyPredictor(model: model), configuration: .init(tolerance: 2), clock: clock)
        let first = try limiter.acquire(backend: 0)
        _ = try limiter.acquire(backend: 0)
        let error = #expect(throws: LimiterRejection.self) { try limiter.acquire(backend: 0) }
        guard case .predictedLatencyAboveTarget(let predicted, let bound)? = error else {
            Issue.record("expected a rejection on the prediction, got \(String(describing: error))")
            return
        }
        // Backend 0 has not answered yet: its EWMA is the tracker's prior of 1 ms, so its idle prediction is 10 ms.
        #expect(abs(predicted - 10 * pow(3, 0.8)) < 1e-9 && abs(bound - 20) < 1e-9)
        // Another backend has nothing in flight.
        _ = try limiter.acquire(backend: 1)
        clock.advance(by: .milliseconds(100))
        limiter.release(first, outcome: .succeeded)
        #expect(limiter.inflight(backend: 0) == 1)
        _ = try limiter.acquire(backend: 0)
        // The bound follows the backend: its first answer took 100 ms, so its idle prediction is 10 · √100 = 100 ms,
        // and a third request in flight is refused at 241 ms against a bound of 200.
        let slower = #expect(throws: LimiterRejection.self) { try limiter.acquire(backend: 0) }
        guard case .predictedLatencyAboveTarget(let predicted, let bound)? = slower else {
            Issue.record("expected a rejection on the prediction, got \(String(describing: slower))")
            return
        }
        #expect(abs(predicted - 100 * pow(3, 0.8)) < 1e-6 && abs(bound - 200) < 1e-6)
    }

    @Test func theSharedHedgePlannerSendsABackupWhenThePrimaryOutlivesItsDelay() async throws {
        // log(ms) = log 50: a p95 of 50 ms whatever the backend.
        let model = try ControlModels.latency(intercept: log(50), coefficients: [:], quantile: 0.95)
        let clock = ManualClock()
        let hedging = try SharedHedgePlanner(
            predictor: LatencyPredictor(model: model), configuration: .init(maximumExtraLoad: 1, calibration: nil), clock: clock)
        try await Self.expectBackup(from: hedging, after: 50, on: clock)
    }

    /// Runs a primary that hangs until cancelled and expects the backup to go exactly `delay` ms after it, and to win.
    static func expectBackup(from hedging: SharedHedgePlanner, after delay: Int, on clock: ManualClock) async throws {
        let answer = Task {
            try await hedging.execute(primary: 0, backup: 1) { backend in
                if backend == 0 { try await Task.sleep(for: .seconds(3600)) }
                return backend
            }
        }
        while clock.sleeperCount == 0 { await Task.yield() }
        clock.advance(by: .milliseconds(delay - 1))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .milliseconds(1))
        #expect(try await answer.value == 1)
        #expect(hedging.backups == (sent: 1, refused: 0))
    }

    @Test func oneDelayForAllSendsTheBackupWhenItElapses() async throws {
        let clock = ManualClock()
        let hedging = try SharedHedgePlanner(delay: .milliseconds(20), configuration: .init(maximumExtraLoad: 1, calibration: nil), clock: clock)
        try await Self.expectBackup(from: hedging, after: 20, on: clock)
        #expect(throws: ControlConfigurationError.self) { try SharedHedgePlanner(delay: .zero, configuration: .init()) }
    }

    @Test func theSharedHedgePlannerSendsNoBackupWhenThePrimaryIsQuick() async throws {
        let model = try ControlModels.latency(intercept: log(50), coefficients: [:], quantile: 0.95)
        let hedging = try SharedHedgePlanner(
            predictor: LatencyPredictor(model: model), configuration: .init(maximumExtraLoad: 1, calibration: nil), clock: ManualClock())
        #expect(try await hedging.execute(primary: 2, backup: 3) { $0 } == 2)
        #expect(hedging.backups == (sent: 0, refused: 0))
    }

    @Test func theSharedRetryBudgetCountsOnItsClock() throws {
        let clock = ManualClock()
        let budget = try SharedRetryBudget(.init(ratio: 0.5, minimumPerSecond: 0, window: .seconds(1)), clock: clock)
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
        #expect(throws: LearningError.self) { try LatencyPredictor(model: model) }
    }
}
