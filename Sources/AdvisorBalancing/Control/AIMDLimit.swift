import AdvisorSupport

/// Additive increase, multiplicative decrease: the loss-based limit of TCP Reno, as in Netflix's `AIMDLimit`.
///
/// A drop, or a latency above `timeout`, cuts the limit by `backoffRatio` (by at least one); a
/// success while the limiter is at least half used raises it by one. A success while most of the
/// limit is unused says nothing about capacity, so it leaves the limit alone.
package struct AIMDLimit: LimitAlgorithm {
    package struct Configuration: Sendable, Equatable {
        package var initialLimit: Int
        package var minimumLimit: Int
        package var maximumLimit: Int
        /// The factor applied on a drop, in [0.5, 1).
        package var backoffRatio: Double
        /// A latency above this counts as a drop.
        package var timeout: Duration

        package init(
            initialLimit: Int = 10, minimumLimit: Int = 1, maximumLimit: Int = 200, backoffRatio: Double = 0.9,
            timeout: Duration = .seconds(5)
        ) {
            self.initialLimit = initialLimit
            self.minimumLimit = minimumLimit
            self.maximumLimit = maximumLimit
            self.backoffRatio = backoffRatio
            self.timeout = timeout
        }
    }

    package let configuration: Configuration
    package private(set) var limit: Int
    private let timeoutMilliseconds: Double

    /// - Throws: `ControlConfigurationError` when the limits are not `1 ≤ minimum ≤ initial ≤ maximum`,
    ///   the backoff ratio is outside [0.5, 1) or the timeout is not positive.
    package init(_ configuration: Configuration) throws(ControlConfigurationError) {
        try validateLimits(configuration.minimumLimit, configuration.initialLimit, configuration.maximumLimit)
        try ControlConfigurationError.require(
            configuration.backoffRatio >= 0.5 && configuration.backoffRatio < 1, "backoffRatio",
            "must lie in [0.5, 1), not \(configuration.backoffRatio)")
        try ControlConfigurationError.require(configuration.timeout > .zero, "timeout", "must be positive")
        self.configuration = configuration
        self.limit = configuration.initialLimit
        self.timeoutMilliseconds = configuration.timeout.milliseconds
    }

    package mutating func sample(latency: Double, inflight: Int, dropped: Bool) {
        if dropped || latency > timeoutMilliseconds {
            let reduced = min(limit - 1, Int(Double(limit) * configuration.backoffRatio))
            limit = max(configuration.minimumLimit, reduced)
        } else if inflight * 2 >= limit {
            limit = min(configuration.maximumLimit, limit + 1)
        }
    }
}

/// Checks `1 ≤ minimum ≤ initial ≤ maximum`.
func validateLimits(_ minimum: Int, _ initial: Int, _ maximum: Int) throws(ControlConfigurationError) {
    try ControlConfigurationError.require(minimum >= 1, "minimumLimit", "must be at least 1, not \(minimum)")
    try ControlConfigurationError.require(initial >= minimum, "initialLimit", "\(initial) is below the minimum \(minimum)")
    try ControlConfigurationError.require(maximum >= initial, "maximumLimit", "\(maximum) is below the initial limit \(initial)")
}
