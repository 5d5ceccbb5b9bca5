import Synchronization

/// A thread-safe circuit breaker with resilience4j's semantics, around the `CircuitBreaker` core.
///
/// ```swift
/// let breaker = try SharedCircuitBreaker(.init(slidingWindow: .count(50), minimumCalls: 20, waitInOpen: .seconds(30)))
/// let profile = try await breaker.execute { try await profiles.fetch(id) }   // throws CircuitBreaker.Rejection when open
/// ```
///
/// Every operation reads the injected clock under the lock, so the core sees time in order.
public final class SharedCircuitBreaker: Sendable {
    private let core: Mutex<CircuitBreaker>
    private let clock: RuntimeClock

    /// - Parameters:
    ///   - configuration: thresholds, window and waits.
    ///   - clock: the clock waits and call durations are measured on.
    /// - Throws: `ControlConfigurationError` naming the first invalid setting.
    public init(_ configuration: CircuitBreaker.Configuration, clock: some Clock<Duration> = ContinuousClock()) throws(ControlConfigurationError) {
        core = Mutex(try CircuitBreaker(configuration))
        self.clock = RuntimeClock(clock)
    }

    /// The state now, after any transition that is due.
    public var state: CircuitState {
        core.withLock { core in
            core.advance(to: clock.now)
            return core.state
        }
    }

    /// The failure and slow-call rates the current state decides on.
    public var rates: CircuitBreaker.Rates {
        core.withLock { $0.rates(at: clock.now) }
    }

    /// Asks to make a call now.
    public func acquire() -> CircuitBreaker.Permission {
        core.withLock { $0.acquire(at: clock.now) }
    }

    /// Records how a permitted call ended; its duration runs from `acquire` to now.
    public func record(_ permit: CircuitBreaker.Permit, outcome: CircuitBreaker.Outcome) {
        core.withLock { $0.record(permit, outcome: outcome, at: clock.now) }
    }

    /// Gives back a permit whose call was never made.
    public func release(_ permit: CircuitBreaker.Permit) {
        core.withLock { $0.release(permit) }
    }

    /// Runs `operation` if the breaker permits: a return is a success, a thrown error a failure, and a
    /// cancellation (`CancellationError`) is given back uncounted, since it says nothing about the service.
    /// - Throws: `CircuitBreaker.Rejection` when the call is not permitted, else what `operation` throws.
    public func execute<T>(_ operation: () async throws -> T) async throws -> T {
        let permit: CircuitBreaker.Permit
        switch acquire() {
        case .permitted(let granted): permit = granted
        case .rejected(let rejection): throw rejection
        }
        do {
            let value = try await operation()
            record(permit, outcome: .success)
            return value
        } catch is CancellationError {
            release(permit)
            throw CancellationError()
        } catch {
            record(permit, outcome: .failure)
            throw error
        }
    }
}
