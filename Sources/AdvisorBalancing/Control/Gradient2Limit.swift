/// A delay-based limit that scales with the ratio of the long-term to the short-term round-trip time
/// (the idea of Netflix concurrency-limits' Gradient2).
///
/// The long-term RTT is an exponential average over about `longWindow` samples (a plain mean for
/// the first `warmup`); the short-term RTT is the latest sample. Their ratio, times `tolerance`
/// and kept within [0.5, 1], is the gradient: 1 while latency has not risen more than the tolerance
/// allows, below 1 when a queue is building. Each sample moves the limit a `smoothing` share of the
/// way towards `gradient × limit + queueSize`, so it grows by up to `queueSize` while latency holds
/// and shrinks, at most by half per step, when it rises. When the long average is more than twice
/// the latest sample (load has just gone away), it is pulled down by 10% per sample so the limit
/// recovers without waiting for the slow average. Samples taken while less than half the limit is
/// in use do not change it: such a client is not limited by the service.
package struct Gradient2Limit: LimitAlgorithm {
    package struct Configuration: Sendable, Equatable {
        package var initialLimit: Int
        package var minimumLimit: Int
        package var maximumLimit: Int
        /// How far the limit moves towards each new estimate, in (0, 1].
        package var smoothing: Double
        /// How much the limit may grow per estimate while latency holds.
        package var queueSize: Double
        /// How many samples the long-term average spans.
        package var longWindow: Int
        /// Samples averaged plainly before the exponential average starts.
        package var warmup: Int
        /// How far (as a factor) the latest RTT may exceed the long-term one before the limit shrinks.
        package var tolerance: Double

        package init(
            initialLimit: Int = 20, minimumLimit: Int = 20, maximumLimit: Int = 200, smoothing: Double = 0.2, queueSize: Double = 4,
            longWindow: Int = 600, warmup: Int = 10, tolerance: Double = 1.5
        ) {
            self.initialLimit = initialLimit
            self.minimumLimit = minimumLimit
            self.maximumLimit = maximumLimit
            self.smoothing = smoothing
            self.queueSize = queueSize
            self.longWindow = longWindow
            self.warmup = warmup
            self.tolerance = tolerance
        }
    }

    package let configuration: Configuration
    /// The limit before rounding down.
    package private(set) var estimatedLimit: Double
    /// The long-term average RTT (ms), 0 before the first sample.
    package private(set) var longRTT = 0.0
    /// The latest RTT (ms).
    package private(set) var shortRTT = 0.0
    private var samples = 0

    package var limit: Int { Int(estimatedLimit) }

    /// - Throws: `ControlConfigurationError` when the limits are not `1 ≤ minimum ≤ initial ≤ maximum`, or
    ///   smoothing, queue size, window, warm-up or tolerance are out of range.
    package init(_ configuration: Configuration) throws(ControlConfigurationError) {
        try validateLimits(configuration.minimumLimit, configuration.initialLimit, configuration.maximumLimit)
        try ControlConfigurationError.require(
            configuration.smoothing > 0 && configuration.smoothing <= 1, "smoothing", "must lie in (0, 1], not \(configuration.smoothing)")
        try ControlConfigurationError.require(configuration.queueSize >= 0, "queueSize", "cannot be negative")
        try ControlConfigurationError.require(configuration.longWindow >= 1, "longWindow", "must be at least 1")
        try ControlConfigurationError.require(configuration.warmup >= 0, "warmup", "cannot be negative")
        try ControlConfigurationError.require(
            configuration.tolerance >= 1, "tolerance", "must be at least 1, not \(configuration.tolerance)")
        self.configuration = configuration
        self.estimatedLimit = Double(configuration.initialLimit)
    }

    package mutating func sample(latency: Double, inflight: Int, dropped: Bool) {
        let rtt = max(latency, 1e-6)
        shortRTT = rtt
        samples += 1
        if samples <= configuration.warmup {
            longRTT += (rtt - longRTT) / Double(samples)
        } else {
            longRTT += (rtt - longRTT) * 2 / Double(configuration.longWindow + 1)
        }
        if longRTT / shortRTT > 2 { longRTT *= 0.9 }
        guard Double(inflight) >= estimatedLimit / 2 else { return }
        let gradient = max(0.5, min(1, configuration.tolerance * longRTT / shortRTT))
        let target = estimatedLimit * gradient + configuration.queueSize
        let next = estimatedLimit * (1 - configuration.smoothing) + target * configuration.smoothing
        estimatedLimit = max(Double(configuration.minimumLimit), min(Double(configuration.maximumLimit), next))
    }
}
