import Synchronization

/// A thread-safe retry budget (a ratio of recent requests plus a floor per second) around the `RetryBudget` core.
///
/// ```swift
/// let budget = try SharedRetryBudget(.init(ratio: 0.2, minimumPerSecond: 10, window: .seconds(10)))
/// budget.recordRequest()
/// if failed, budget.tryRetry() { retry() }
/// ```
public final class SharedRetryBudget: Sendable {
    private let core: Mutex<RetryBudget>
    private let clock: RuntimeClock

    /// - Throws: `ControlConfigurationError` for a negative ratio or floor, or a window that is not positive.
    public init(_ configuration: RetryBudget.Configuration, clock: some Clock<Duration> = ContinuousClock()) throws(ControlConfigurationError) {
        core = Mutex(try RetryBudget(configuration))
        self.clock = RuntimeClock(clock)
    }

    /// Notes an original request (not a retry).
    public func recordRequest() {
        core.withLock { $0.recordRequest(at: clock.now) }
    }

    /// Takes one retry from the budget if one is left.
    public func tryRetry() -> Bool {
        core.withLock { $0.tryRetry(at: clock.now) }
    }

    /// Retries that may still be made now.
    public var available: Double {
        core.withLock { $0.available(at: clock.now) }
    }
}
