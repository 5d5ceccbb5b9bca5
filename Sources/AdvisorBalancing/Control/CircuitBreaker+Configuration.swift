import AdvisorSupport

extension CircuitBreaker {
    /// resilience4j's settings, with its defaults; rates are fractions (0.5 = 50%).
    package struct Configuration: Sendable, Equatable {
        /// The window's calls in the closed state.
        package var slidingWindow: CallWindow
        /// Calls the window must hold before a rate is computed (capped at the size of a count window).
        package var minimumCalls: Int
        /// The breaker opens when the failure rate reaches this.
        package var failureRateThreshold: Double
        /// The breaker opens when the share of slow calls reaches this.
        package var slowCallRateThreshold: Double
        /// A call taking at least this long is slow (whether it succeeded or failed).
        package var slowCallDuration: Duration
        /// How long the breaker stays open before it lets trial calls through.
        package var waitInOpen: Duration
        /// Trial calls let through in the half-open state; their outcomes decide between closed and open.
        package var permittedCallsInHalfOpen: Int
        /// When set, a half-open breaker that has not decided within this time opens again.
        package var maximumWaitInHalfOpen: Duration?
        /// Whether the breaker turns half-open when `waitInOpen` has passed by itself (`advance(to:)`),
        /// rather than at the first call after it.
        package var automaticTransitionToHalfOpen: Bool

        package init(
            slidingWindow: CallWindow = .count(100), minimumCalls: Int = 100, failureRateThreshold: Double = 0.5,
            slowCallRateThreshold: Double = 1, slowCallDuration: Duration = .seconds(60), waitInOpen: Duration = .seconds(60),
            permittedCallsInHalfOpen: Int = 10, maximumWaitInHalfOpen: Duration? = nil, automaticTransitionToHalfOpen: Bool = false
        ) {
            self.slidingWindow = slidingWindow
            self.minimumCalls = minimumCalls
            self.failureRateThreshold = failureRateThreshold
            self.slowCallRateThreshold = slowCallRateThreshold
            self.slowCallDuration = slowCallDuration
            self.waitInOpen = waitInOpen
            self.permittedCallsInHalfOpen = permittedCallsInHalfOpen
            self.maximumWaitInHalfOpen = maximumWaitInHalfOpen
            self.automaticTransitionToHalfOpen = automaticTransitionToHalfOpen
        }

        /// Checks every setting.
        func validate() throws(ControlConfigurationError) {
            switch slidingWindow {
            case .count(let size):
                try ControlConfigurationError.require(size >= 1, "slidingWindow", "a count window needs at least 1 call, not \(size)")
            case .time(let span): try ControlConfigurationError.require(span > .zero, "slidingWindow", "a time window must be positive")
            }
            try ControlConfigurationError.require(minimumCalls >= 1, "minimumCalls", "must be at least 1, not \(minimumCalls)")
            try ControlConfigurationError.require(
                failureRateThreshold > 0 && failureRateThreshold <= 1, "failureRateThreshold",
                "must lie in (0, 1], not \(failureRateThreshold)")
            try ControlConfigurationError.require(
                slowCallRateThreshold > 0 && slowCallRateThreshold <= 1, "slowCallRateThreshold",
                "must lie in (0, 1], not \(slowCallRateThreshold)")
            try ControlConfigurationError.require(slowCallDuration > .zero, "slowCallDuration", "must be positive")
            try ControlConfigurationError.require(waitInOpen >= .zero, "waitInOpen", "cannot be negative")
            try ControlConfigurationError.require(
                permittedCallsInHalfOpen >= 1, "permittedCallsInHalfOpen", "must be at least 1, not \(permittedCallsInHalfOpen)")
            if let maximumWaitInHalfOpen {
                try ControlConfigurationError.require(maximumWaitInHalfOpen > .zero, "maximumWaitInHalfOpen", "must be positive when set")
            }
        }

        /// Calls needed before the closed state computes a rate.
        var effectiveMinimumCalls: Int {
            if case .count(let size) = slidingWindow { return min(minimumCalls, size) }
            return minimumCalls
        }
    }
}

/// Which recent calls a circuit breaker computes its failure and slow-call rates over.
public enum CallWindow: Sendable, Equatable {
    /// The last `n` recorded calls.
    case count(Int)
    /// The calls recorded in the last `span` (kept in one-second buckets).
    case time(Duration)
}
