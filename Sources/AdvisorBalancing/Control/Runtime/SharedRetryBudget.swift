import AdvisorSupport
import Synchronization

/// A thread-safe retry budget (a ratio of recent requests plus a floor per second) around the `RetryBudget` core.
///
/// ```swift
/// let budget = try SharedRetryBudget(ratio: 0.2, minimumPerSecond: 10, window: .seconds(10))
/// budget.recordRequest()
/// ```
public final class SharedRetryBudget: Sendable {
    private let core: Mutex<RetryBudget>
    private let clock: ElapsedClock

    /// - Parameters:
    ///   - ratio: retries allowed per request made in the window.
    ///   - minimumPerSecond: retries allowed per second of the window whatever the request count.
    ///   - window: how far back requests and retries count.
    ///   - clock: the clock the window moves on.
    /// - Throws: `ControlConfigurationError` for a negative ratio or floor, or a window that is not positive.
    public init(
        ratio: Double = 0.2, minimumPerSecond: Double = 10, window: Duration = .seconds(10), clock: some Clock<Duration> = ContinuousClock()
    ) throws(ControlConfigurationError) {
        core = Mutex(try RetryBudget(.init(ratio: ratio, minimumPerSecond: minimumPerSecond, window: window)))
        self.clock = ElapsedClock(clock)
    }

    /// Notes an original request (not a retry).
    public func recordRequest() {
        core.withVisibleLock { $0.recordRequest(at: clock.seconds) }
    }

    /// Takes one retry from the budget if one is left.
    /// - Returns: whether the retry may be made; a refused retry is not counted.
    public func tryRetry() -> Bool {
        return core.withVisibleLock { $0.tryRetry(at: clock.seconds) }
    }

    /// Retries that may still be made now.
    package var available: Double {
        return core.withVisibleLock { $0.available(at: clock.seconds) }
    }
}
