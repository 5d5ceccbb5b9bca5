package import AdvisorSupport
import Synchronization

/// A thread-safe adaptive concurrency limiter (AIMD or Gradient2) around the `ConcurrencyLimiter` core.
///
/// ```swift
/// let limiter = try SharedConcurrencyLimiter.gradient2(initialLimit: 20, maximumLimit: 400)
/// ```
public final class SharedConcurrencyLimiter: Sendable {
    private let core: Mutex<ConcurrencyLimiter<AdaptiveLimit>>
    private let clock: ElapsedClock

    package init(_ algorithm: AdaptiveLimit, clock: ElapsedClock) {
        core = Mutex(ConcurrencyLimiter(algorithm))
        self.clock = clock
    }

    /// Additive increase, multiplicative decrease (Netflix's `AIMDLimit`): +1 while at least half used and answering,
    /// × `backoffRatio` on a timeout, an overload refusal or a latency above `timeout`.
    /// - Parameters:
    ///   - initialLimit: the limit before any request has completed.
    ///   - minimumLimit: the limit never falls below this.
    ///   - maximumLimit: the limit never rises above this.
    ///   - backoffRatio: the factor applied on a drop, in [0.5, 1).
    ///   - timeout: a latency above this counts as a drop.
    ///   - clock: the clock round-trip times are measured on.
    /// - Throws: `ControlConfigurationError` when the limits are not `1 ≤ minimum ≤ initial ≤ maximum`, the backoff ratio is
    ///   outside [0.5, 1) or the timeout is not positive.
    public static func aimd(
        initialLimit: Int = 10, minimumLimit: Int = 1, maximumLimit: Int = 200, backoffRatio: Double = 0.9, timeout: Duration = .seconds(5),
        clock: some Clock<Duration> = ContinuousClock()
    ) throws(ControlConfigurationError) -> SharedConcurrencyLimiter {
        let algorithm = try AIMDLimit(
            .init(
                initialLimit: initialLimit, minimumLimit: minimumLimit, maximumLimit: maximumLimit, backoffRatio: backoffRatio,
                timeout: timeout))
        return SharedConcurrencyLimiter(.aimd(algorithm), clock: ElapsedClock(clock))
    }

    /// A limit that follows the ratio of the long-term to the latest round-trip time (the idea of Netflix's Gradient2).
    /// - Parameters:
    ///   - initialLimit: the limit before any request has completed.
    ///   - minimumLimit: the limit never falls below this.
    ///   - maximumLimit: the limit never rises above this.
    ///   - tolerance: how far (as a factor) the latest round-trip time may exceed the long-term one before the limit shrinks.
    ///   - clock: the clock round-trip times are measured on.
    /// - Throws: `ControlConfigurationError` when the limits are not `1 ≤ minimum ≤ initial ≤ maximum` or the tolerance is below 1.
    public static func gradient2(
        initialLimit: Int = 20, minimumLimit: Int = 20, maximumLimit: Int = 200, tolerance: Double = 1.5,
        clock: some Clock<Duration> = ContinuousClock()
    ) throws(ControlConfigurationError) -> SharedConcurrencyLimiter {
        let algorithm = try Gradient2Limit(
            .init(initialLimit: initialLimit, minimumLimit: minimumLimit, maximumLimit: maximumLimit, tolerance: tolerance))
        return SharedConcurrencyLimiter(.gradient2(algorithm), clock: ElapsedClock(clock))
    }

    /// The current limit.
    package var limit: Int { core.withVisibleLock { $0.limit } }

    /// Requests in flight.
    package var inflight: Int { core.withVisibleLock { $0.inflight } }

    /// The limit, the requests in flight and the rejections so far, read together.
    package func reading() -> (limit: Int, inflight: Int, rejections: Int) {
        core.withVisibleLock { ($0.limit, $0.inflight, $0.rejections) }
    }

    /// Admits a request now, or rejects it at once with the reason.
    package func acquire() -> LimiterDecision {
        core.withVisibleLock { $0.acquire(at: clock.seconds) }
    }

    /// Ends an admitted request; its round-trip time runs from `acquire` to now.
    package func release(_ permit: LimiterPermit, outcome: RequestOutcome) {
        core.withVisibleLock { $0.release(permit, outcome: outcome, at: clock.seconds) }
    }

    /// Runs `operation` if admitted. A return is a success; a thrown error is classified by `outcome` (by default
    /// `failed`, which the limit does not learn from; say `timedOut` or `overloaded` for the errors that mean
    /// congestion); a cancellation is not sampled.
    /// - Throws: `LimiterRejection` when the request is not admitted, else what `operation` throws.
    public func run<T>(outcome: (any Error) -> RequestOutcome = { _ in .failed }, _ operation: () async throws -> T) async throws -> T {
        let permit: LimiterPermit
        switch acquire() {
        case .admitted(let granted): permit = granted
        case .rejected(let rejection): throw rejection
        }
        do {
            let value = try await operation()
            release(permit, outcome: .succeeded)
            return value
        } catch {
            release(permit, outcome: error is CancellationError ? .cancelled : outcome(error))
            throw error
        }
    }
}
