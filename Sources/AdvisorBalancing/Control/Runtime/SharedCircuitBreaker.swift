package import AdvisorSupport
import Synchronization

/// A thread-safe circuit breaker with resilience4j's semantics, around the `CircuitBreaker` core.
///
/// ```swift
/// let breaker = try SharedCircuitBreaker(slidingWindow: .count(50), minimumCalls: 20, waitInOpen: .seconds(30))
/// ```
///
/// Every operation reads the injected clock under the lock, so the core sees time in order.
public final class SharedCircuitBreaker: Sendable {
    private let core: Mutex<CircuitBreaker>
    private let clock: ElapsedClock

    /// Creates a closed breaker; the defaults are resilience4j's. Rates are fractions (0.5 = 50 %).
    /// - Parameters:
    ///   - slidingWindow: which recent calls the rates are computed over in the closed state.
    ///   - minimumCalls: calls the window must hold before a rate is computed (capped at the size of a count window).
    ///   - failureRateThreshold: the breaker opens when the failure rate reaches this.
    ///   - slowCallRateThreshold: the breaker opens when the share of slow calls reaches this.
    ///   - slowCallDuration: a call taking at least this long is slow (whether it succeeded or failed).
    ///   - waitInOpen: how long the breaker stays open before it lets trial calls through.
    ///   - permittedCallsInHalfOpen: trial calls let through in the half-open state.
    ///   - maximumWaitInHalfOpen: when set, a half-open breaker that has not decided within this time opens again.
    ///   - automaticTransitionToHalfOpen: whether the breaker turns half-open when `waitInOpen` has passed by itself,
    ///     rather than at the first call after it.
    ///   - clock: the clock waits and call durations are measured on.
    /// - Throws: `ControlConfigurationError` naming the first invalid setting.
    public convenience init(
        slidingWindow: CallWindow = .count(100), minimumCalls: Int = 100, failureRateThreshold: Double = 0.5,
        slowCallRateThreshold: Double = 1,
        slowCallDuration: Duration = .seconds(60), waitInOpen: Duration = .seconds(60), permittedCallsInHalfOpen: Int = 10,
        maximumWaitInHalfOpen: Duration? = nil, automaticTransitionToHalfOpen: Bool = false, clock: some Clock<Duration> = ContinuousClock()
    ) throws(ControlConfigurationError) {
        let configuration = CircuitBreaker.Configuration(
            slidingWindow: slidingWindow, minimumCalls: minimumCalls, failureRateThreshold: failureRateThreshold,
            slowCallRateThreshold: slowCallRateThreshold, slowCallDuration: slowCallDuration, waitInOpen: waitInOpen,
            permittedCallsInHalfOpen: permittedCallsInHalfOpen, maximumWaitInHalfOpen: maximumWaitInHalfOpen,
            automaticTransitionToHalfOpen: automaticTransitionToHalfOpen)
        try self.init(configuration, clock: ElapsedClock(clock))
    }

    /// A breaker over a core configuration (for the tests and the offline evaluations).
    package init(_ configuration: CircuitBreaker.Configuration, clock: ElapsedClock) throws(ControlConfigurationError) {
        core = Mutex(try CircuitBreaker(configuration))
        self.clock = clock
    }

    /// The state now, after any transition that is due.
    package var state: CircuitState {
        return core.withVisibleLock { core in
            core.advance(to: clock.seconds)
            return core.state
        }
    }

    /// The state now (after any transition that is due), the entries into each state and the rejections so far, read together.
    package func reading() -> (state: CircuitState, entered: CircuitBreaker.Entries, rejections: Int) {
        core.withVisibleLock { core in
            core.advance(to: clock.seconds)
            return (core.state, core.entered, core.rejections)
        }
    }

    /// The failure and slow-call rates the current state decides on.
    package var rates: CircuitBreaker.Rates {
        return core.withVisibleLock { $0.rates(at: clock.seconds) }
    }

    /// Asks to make a call now.
    package func acquire() -> CircuitBreaker.Permission {
        return core.withVisibleLock { $0.acquire(at: clock.seconds) }
    }

    /// Records how a permitted call ended; its duration runs from `acquire` to now. A cancelled call is given back uncounted.
    package func record(_ permit: CircuitBreaker.Permit, outcome: RequestOutcome) {
        core.withVisibleLock { $0.record(permit, outcome: outcome, at: clock.seconds) }
    }

    /// Runs `operation` if the breaker permits: a return is a success, a thrown error a failure, and a cancellation
    /// (`CancellationError`) is given back uncounted, since it says nothing about the service.
    /// - Throws: `CircuitBreakerRejection` when the call is not permitted, else what `operation` throws.
    public func execute<T>(_ operation: () async throws -> T) async throws -> T {
        let permit: CircuitBreaker.Permit
        switch acquire() {
        case .permitted(let granted): permit = granted
        case .rejected(let rejection): throw rejection
        }
        do {
            let value = try await operation()
            record(permit, outcome: .succeeded)
            return value
        } catch is CancellationError {
            record(permit, outcome: .cancelled)
            throw CancellationError()
        } catch {
            record(permit, outcome: .failed)
            throw error
        }
    }
}
