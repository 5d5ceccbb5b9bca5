import AdvisorBalancing
import Testing

/// Every transition of the resilience4j state machine, with time passed in by hand.
@Suite struct CircuitBreakerTests {
    /// A breaker on a count window of 10 calls, trips at 50% failures or 50% slow calls (≥ 1 s).
    static func breaker(
        window: CallWindow = .count(10), minimumCalls: Int = 10, automatic: Bool = false,
        maximumWaitInHalfOpen: Duration? = nil
    ) throws -> CircuitBreaker {
        try CircuitBreaker(
            .init(
                slidingWindow: window, minimumCalls: minimumCalls, failureRateThreshold: 0.5, slowCallRateThreshold: 0.5,
                slowCallDuration: .seconds(1), waitInOpen: .seconds(30), permittedCallsInHalfOpen: 3,
                maximumWaitInHalfOpen: maximumWaitInHalfOpen, automaticTransitionToHalfOpen: automatic))
    }

    /// A duration in seconds.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// Makes a call at `start` that ends `duration` seconds later with `outcome`.
    static func call(_ breaker: inout CircuitBreaker, at start: Double, lasting duration: Double = 0.01, _ outcome: RequestOutcome) throws {
        guard case .permitted(let permit) = breaker.acquire(at: start) else {
            Issue.record("call at \(start) was rejected in state \(breaker.state)")
            return
        }
        breaker.record(permit, outcome: outcome, at: start + duration)
    }

    /// Opens a fresh breaker at time 10 with 10 failures.
    static func opened(automatic: Bool = false, maximumWaitInHalfOpen: Duration? = nil) throws -> CircuitBreaker {
        var breaker = try breaker(automatic: automatic, maximumWaitInHalfOpen: maximumWaitInHalfOpen)
        for index in 0..<10 { try call(&breaker, at: Double(index) * 0.1 + 9, .failed) }
        #expect(breaker.state == .open)
        return breaker
    }

    @Test func closedStaysClosedBelowTheMinimumNumberOfCalls() throws {
        var breaker = try Self.breaker()
        for index in 0..<9 { try Self.call(&breaker, at: Double(index), .failed) }
        #expect(breaker.state == .closed)
        let observed1 = breaker.rates(at: 9)
        #expect(observed1.failureRate == 1)
        try Self.call(&breaker, at: 9, .failed)
        #expect(breaker.state == .open)
        #expect(breaker.transitions == 1)
    }

    @Test func closedOpensWhenTheFailureRateReachesTheThresholdExactly() throws {
        var breaker = try Self.breaker()
        for index in 0..<5 { try Self.call(&breaker, at: Double(index), .succeeded) }
        for index in 5..<9 { try Self.call(&breaker, at: Double(index), .failed) }
        #expect(breaker.state == .closed)  // 4 of 9, and too few calls anyway
        try Self.call(&breaker, at: 9, .failed)
        #expect(breaker.state == .open)  // 5 of 10 = 50%
    }

    @Test func aFractionalThresholdTripsAtTheRateItNames() throws {
        var breaker = try CircuitBreaker(.init(slidingWindow: .count(10), minimumCalls: 10, failureRateThreshold: 0.3))
        for index in 0..<7 { try Self.call(&breaker, at: Double(index), .succeeded) }
        for index in 7..<10 { try Self.call(&breaker, at: Double(index), .failed) }
        #expect(breaker.state == .open)  // 3/10 meets 0.3 although 0.3 × 10 rounds above 3
    }

    @Test func closedOpensOnTheSlowCallRateAlone() throws {
        var breaker = try Self.breaker()
        for index in 0..<5 { try Self.call(&breaker, at: Double(index) * 2, lasting: 0.5, .succeeded) }
        for index in 5..<9 { try Self.call(&breaker, at: Double(index) * 2, lasting: 1.0, .succeeded) }
        #expect(breaker.state == .closed)
        try Self.call(&breaker, at: 20, lasting: 1.5, .succeeded)
        #expect(breaker.state == .open)
        let observed2 = breaker.rates(at: 22)
        #expect(observed2.calls == 0)
    }

    @Test func aCountWindowForgetsTheOldestCall() throws {
        var breaker = try Self.breaker()
        for index in 0..<4 { try Self.call(&breaker, at: Double(index), .failed) }
        for index in 4..<14 { try Self.call(&breaker, at: Double(index), .succeeded) }
        // The window now holds the last 10 calls, all successes: the 4 failures left it one by one.
        let observed3 = breaker.rates(at: 14)
        #expect(observed3.calls == 10 && observed3.failureRate == 0 && observed3.slowCallRate == 0)
        for index in 14..<18 { try Self.call(&breaker, at: Double(index), .failed) }
        #expect(breaker.state == .closed)  // 4 of 10
        try Self.call(&breaker, at: 18, .failed)
        #expect(breaker.state == .open)  // 5 of 10
    }

    @Test func aTimeWindowForgetsCallsOlderThanItsSpan() throws {
        var breaker = try Self.breaker(window: .time(.seconds(10)), minimumCalls: 4)
        for index in 0..<3 { try Self.call(&breaker, at: Double(index), .failed) }
        let observed4 = breaker.rates(at: 3)
        #expect(observed4.calls == 3)
        // Twelve seconds later the three failures have expired; one more failure is one call of one.
        let observed5 = breaker.rates(at: 15)
        #expect(observed5.calls == 0)
        try Self.call(&breaker, at: 15, .failed)
        #expect(breaker.state == .closed)
        for index in 16..<18 { try Self.call(&breaker, at: Double(index), .succeeded) }
        try Self.call(&breaker, at: 18, .failed)
        #expect(breaker.state == .open)  // 2 of 4 within the window
    }

    @Test func openRejectsWithTheTimeLeftUntilTrialCalls() throws {
        var breaker = try Self.opened()
        let openedAt = 9.91
        guard case .rejected(let rejection) = breaker.acquire(at: openedAt + 10) else {
            Issue.record("an open breaker let a call through")
            return
        }
        #expect(rejection.state == .open)
        #expect(abs(Self.seconds(rejection.retryAfter!) - 20) < 1e-9)
        #expect(breaker.rejections == 1)
    }

    @Test func openTurnsHalfOpenAtTheFirstCallAfterTheWaitWhenNotAutomatic() throws {
        var breaker = try Self.opened()
        breaker.advance(to: 100)
        #expect(breaker.state == .open)  // no call yet, so no transition
        guard case .permitted = breaker.acquire(at: 100) else {
            Issue.record("the first call after the wait was rejected")
            return
        }
        #expect(breaker.state == .halfOpen)
    }

    @Test func openTurnsHalfOpenByItselfWhenAutomatic() throws {
        var breaker = try Self.opened(automatic: true)
        breaker.advance(to: 9.91 + 29.9)
        #expect(breaker.state == .open)
        breaker.advance(to: 9.91 + 30)
        #expect(breaker.state == .halfOpen)
        #expect(breaker.transitions == 2)
    }

    @Test func halfOpenLetsOnlyThePermittedTrialCallsThrough() throws {
        var breaker = try Self.opened()
        var permits: [CircuitBreaker.Permit] = []
        for _ in 0..<3 {
            guard case .permitted(let permit) = breaker.acquire(at: 50) else {
                Issue.record("a trial call was rejected")
                return
            }
            permits.append(permit)
        }
        guard case .rejected(let rejection) = breaker.acquire(at: 50) else {
            Issue.record("a fourth trial call was let through")
            return
        }
        #expect(rejection.state == .halfOpen && rejection.retryAfter == nil)
        // A trial that never ran gives its slot back.
        breaker.release(permits[2])
        guard case .permitted = breaker.acquire(at: 50) else {
            Issue.record("a released trial slot was not reusable")
            return
        }
    }

    @Test func halfOpenClosesWhenTheTrialCallsSucceed() throws {
        var breaker = try Self.opened()
        try Self.call(&breaker, at: 50, .succeeded)
        try Self.call(&breaker, at: 50, .failed)
        #expect(breaker.state == .halfOpen)  // 2 of 3 trials in
        try Self.call(&breaker, at: 50, .succeeded)
        #expect(breaker.state == .closed)  // 1 of 3 failed, below 50%
        let observed6 = breaker.rates(at: 51)
        #expect(observed6.calls == 0)  // a fresh window
    }

    @Test func halfOpenReopensWhenTheTrialCallsFail() throws {
        var breaker = try Self.opened()
        try Self.call(&breaker, at: 50, .failed)
        try Self.call(&breaker, at: 50, .succeeded)
        try Self.call(&breaker, at: 50, .failed)
        #expect(breaker.state == .open)
        // The new open period starts at the last trial's end.
        guard case .rejected(let rejection) = breaker.acquire(at: 60.01) else {
            Issue.record("a reopened breaker let a call through")
            return
        }
        #expect(abs(Self.seconds(rejection.retryAfter!) - 20) < 1e-9)
    }

    @Test func halfOpenReopensOnSlowTrialCalls() throws {
        var breaker = try Self.opened()
        for _ in 0..<2 { try Self.call(&breaker, at: 50, lasting: 2, .succeeded) }
        try Self.call(&breaker, at: 50, lasting: 0.1, .succeeded)
        #expect(breaker.state == .open)  // 2 of 3 slow
    }

    @Test func halfOpenReopensWhenTheMaximumWaitPasses() throws {
        var breaker = try Self.opened(maximumWaitInHalfOpen: .seconds(5))
        try Self.call(&breaker, at: 50, .succeeded)
        #expect(breaker.state == .halfOpen)
        breaker.advance(to: 54.9)
        #expect(breaker.state == .halfOpen)
        breaker.advance(to: 55)
        #expect(breaker.state == .open)
        guard case .rejected(let rejection) = breaker.acquire(at: 56) else {
            Issue.record("a reopened breaker let a call through")
            return
        }
        #expect(abs(Self.seconds(rejection.retryAfter!) - 29) < 1e-9)
    }

    @Test func anUnwatchedAutomaticBreakerCyclesOnTime() throws {
        // Opened at 9.91; half-open at 39.91; open again at 44.91; half-open at 74.91, …: a cycle of 35 s.
        var breaker = try Self.opened(automatic: true, maximumWaitInHalfOpen: .seconds(5))
        breaker.advance(to: 9.91 + 35 * 1000 + 31)
        #expect(breaker.state == .halfOpen)
        #expect(breaker.transitions == 1 + 2 * 1000 + 1)
        breaker.advance(to: 9.91 + 35 * 1000 + 35.5)
        #expect(breaker.state == .open)
    }

    @Test func anOutcomeFromAnEarlierStateDoesNotCountInTheTrial() throws {
        var breaker = try Self.breaker()
        guard case .permitted(let early) = breaker.acquire(at: 0) else {
            Issue.record("a closed breaker rejected a call")
            return
        }
        for index in 0..<10 { try Self.call(&breaker, at: Double(index) * 0.1 + 1, .failed) }
        #expect(breaker.state == .open)
        try Self.call(&breaker, at: 40, .succeeded)
        #expect(breaker.state == .halfOpen)
        // The call admitted while closed ends now, failed: it must not be taken for a trial call.
        breaker.record(early, outcome: .failed, at: 40.5)
        let observed7 = breaker.rates(at: 40.5)
        #expect(observed7.calls == 1)
        try Self.call(&breaker, at: 41, .succeeded)
        try Self.call(&breaker, at: 41, .succeeded)
        #expect(breaker.state == .closed)
    }

    @Test(arguments: [
        CircuitBreaker.Configuration(slidingWindow: .count(0)),
        CircuitBreaker.Configuration(slidingWindow: .time(.zero)),
        CircuitBreaker.Configuration(minimumCalls: 0),
        CircuitBreaker.Configuration(failureRateThreshold: 0),
        CircuitBreaker.Configuration(slowCallRateThreshold: 1.5),
        CircuitBreaker.Configuration(permittedCallsInHalfOpen: 0),
        CircuitBreaker.Configuration(maximumWaitInHalfOpen: .zero),
    ])
    func invalidSettingsAreRefused(_ configuration: CircuitBreaker.Configuration) {
        #expect(throws: ControlConfigurationError.self) { try CircuitBreaker(configuration) }
    }
}
