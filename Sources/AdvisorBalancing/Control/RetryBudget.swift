import AdvisorSupport

/// A budget on retries: at most a ratio of the requests, plus a floor per second, over a sliding window.
///
/// The Finagle/Linkerd retry budget: retries amplify load exactly when a service is struggling, so
/// they are allowed only as a fraction of the requests recently made (`ratio`, 20% by default),
/// plus a small allowance per second (`minimumPerSecond`) so that a client sending few requests can
/// still retry. Both are counted over the last `window`; older requests and retries no longer count.
/// The hedge planner uses the same budget for backup requests.
///
/// The core is a value with time passed in (seconds); `SharedRetryBudget` adds a clock and a lock.
package struct RetryBudget: Sendable {
    /// How many retries are allowed.
    package struct Configuration: Sendable, Equatable {
        /// Retries allowed per request made in the window.
        package var ratio: Double
        /// Retries allowed per second of the window whatever the request count.
        package var minimumPerSecond: Double
        /// How far back requests and retries count.
        package var window: Duration

        package init(ratio: Double = 0.2, minimumPerSecond: Double = 10, window: Duration = .seconds(10)) {
            self.ratio = ratio
            self.minimumPerSecond = minimumPerSecond
            self.window = window
        }
    }

    /// Requests and retries counted in one part of the window.
    struct Tally: AdditiveArithmetic, Sendable {
        var requests = 0
        var retries = 0

        static var zero: Tally { Tally() }
        static func + (a: Tally, b: Tally) -> Tally { Tally(requests: a.requests + b.requests, retries: a.retries + b.retries) }
        static func - (a: Tally, b: Tally) -> Tally { Tally(requests: a.requests - b.requests, retries: a.retries - b.retries) }
    }

    package let configuration: Configuration
    private var window: SlidingTimeWindow<Tally>
    private let reserve: Double

    /// Creates an empty budget.
    /// - Throws: `ControlConfigurationError` for a negative ratio or floor, or a window that is not positive.
    package init(_ configuration: Configuration) throws(ControlConfigurationError) {
        try ControlConfigurationError.require(
            configuration.ratio >= 0 && configuration.ratio.isFinite, "ratio", "must be a finite number ≥ 0, not \(configuration.ratio)")
        try ControlConfigurationError.require(
            configuration.minimumPerSecond >= 0 && configuration.minimumPerSecond.isFinite, "minimumPerSecond",
            "must be a finite number ≥ 0, not \(configuration.minimumPerSecond)")
        try ControlConfigurationError.require(configuration.window > .zero, "window", "must be positive")
        self.configuration = configuration
        // Ten buckets: requests leave the window in tenths of it, close enough to a true sliding window.
        self.window = SlidingTimeWindow(span: configuration.window.seconds, bucketCount: 10)
        self.reserve = configuration.minimumPerSecond * configuration.window.seconds
    }

    /// Notes an original request (not a retry) made at `now`; it earns `ratio` retries for the window.
    /// - Complexity: O(1) amortised.
    package mutating func recordRequest(at now: Double) {
        window.add(Tally(requests: 1), at: now)
    }

    /// Takes one retry from the budget if one is left at `now`.
    /// - Returns: whether the retry may be made; a refused retry is not counted.
    /// - Complexity: O(1) amortised.
    package mutating func tryRetry(at now: Double) -> Bool {
        // A hair of slack so that, for example, 0.1 × 10 requests earns a whole retry despite rounding.
        guard available(at: now) >= 1 - 1e-9 else { return false }
        window.add(Tally(retries: 1), at: now)
        return true
    }

    /// Retries that may still be made at `now` (may be fractional; a retry needs a whole one).
    /// - Complexity: O(1) amortised.
    package mutating func available(at now: Double) -> Double {
        window.advance(to: now)
        let total = window.total
        return configuration.ratio * Double(total.requests) + reserve - Double(total.retries)
    }

    /// Requests and retries counted in the window at `now`.
    package mutating func counts(at now: Double) -> (requests: Int, retries: Int) {
        window.advance(to: now)
        return (window.total.requests, window.total.retries)
    }
}
