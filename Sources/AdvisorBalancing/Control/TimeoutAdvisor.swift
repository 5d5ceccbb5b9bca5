import AdvisorSupport

/// Per-request timeouts from a predicted conditional latency quantile, for a target false-timeout rate.
///
/// The rule of thumb AWS describes: choose the rate of false timeouts you accept (say 0.1%) and
/// time out at that quantile of latency (the p99.9). A static timeout uses one quantile for every
/// request. This advisor uses the quantile a model predicts *for this request* (its backend's
/// recent latencies, its load, reported server metrics), corrected online by a
/// `QuantileCalibrator` so the realised rate stays at the target when the model drifts, and
/// clamped to a floor and a ceiling.
///
/// The core is a value with no clock: the caller passes the prediction in and reports whether
/// each request timed out. The offline evaluation drives it directly; `SharedTimeoutAdvisor`
/// wraps it in a lock, with a quantile model scored on a `BackendSet`'s features, for applications.
package struct TimeoutAdvisor: Sendable {
    /// What to aim for and where to stop.
    package struct Configuration: Sendable, Equatable {
        /// The accepted fraction of requests that time out although they would have answered.
        package var targetRate: Double
        /// No timeout is shorter than this.
        package var floor: Duration
        /// No timeout is longer than this; also used when the prediction is not a number.
        package var ceiling: Duration
        /// The online correction; `nil` uses the model's quantile as it is.
        package var calibration: QuantileCalibrator.Settings?

        package init(
            targetRate: Double, floor: Duration = .milliseconds(1), ceiling: Duration = .seconds(30),
            calibration: QuantileCalibrator.Settings? = QuantileCalibrator.Settings()
        ) {
            self.targetRate = targetRate
            self.floor = floor
            self.ceiling = ceiling
            self.calibration = calibration
        }
    }

    package let configuration: Configuration
    /// The online correction, when configured.
    package private(set) var calibrator: QuantileCalibrator?
    /// Requests recorded, and how many of them took longer than their timeout.
    package private(set) var recorded = 0
    package private(set) var timedOut = 0
    private let floorMilliseconds: Double
    private let ceilingMilliseconds: Double

    /// Creates an advisor with no correction yet.
    /// - Throws: `ControlConfigurationError` for a rate outside (0, 1), a negative floor, a ceiling
    ///   below the floor, or invalid calibration settings.
    package init(_ configuration: Configuration) throws(ControlConfigurationError) {
        let rate = configuration.targetRate
        try ControlConfigurationError.require(rate > 0 && rate < 1, "targetRate", "must lie strictly between 0 and 1, not \(rate)")
        try ControlConfigurationError.require(configuration.floor >= .zero, "floor", "cannot be negative")
        try ControlConfigurationError.require(
            configuration.ceiling >= configuration.floor, "ceiling", "\(configuration.ceiling) is below the floor \(configuration.floor)")
        self.configuration = configuration
        self.calibrator = try configuration.calibration.map { settings throws(ControlConfigurationError) in
            try QuantileCalibrator(missRate: rate, settings: settings)
        }
        self.floorMilliseconds = configuration.floor.milliseconds
        self.ceilingMilliseconds = configuration.ceiling.milliseconds
    }

    /// The timeout (ms) for a request whose predicted latency quantile is `predicted` (ms).
    /// - Complexity: O(1).
    package func timeout(predicted: Double) -> Double {
        let corrected = calibrator?.corrected(predicted) ?? predicted
        guard corrected.isFinite else { return ceilingMilliseconds }
        return min(ceilingMilliseconds, max(floorMilliseconds, corrected))
    }

    /// Notes how a request that was given a timeout ended: it timed out, or answered in time.
    /// - Complexity: O(1).
    package mutating func record(timedOut: Bool) {
        recorded += 1
        if timedOut { self.timedOut += 1 }
        calibrator?.record(missed: timedOut)
    }

    /// The current correction factor applied to predictions (1 without calibration).
    package var correctionFactor: Double { calibrator?.factor ?? 1 }
}
