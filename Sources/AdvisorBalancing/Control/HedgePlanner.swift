import AdvisorSupport

/// When to send a backup request, and whether the budget allows it.
///
/// The Tail at Scale's hedged requests and Finagle's backup requests: if the primary has not
/// answered by a high quantile of its expected latency (the p95 by default), send the same request
/// to a different backend and take whichever answer comes first. Only the slowest requests get a
/// backup, so extra load stays near `1 − quantile`; Dean and Barroso report a p99.9 falling from
/// 1,800 ms to 74 ms for 2% more requests. Here the quantile is the model's prediction for this
/// request, corrected online by a `QuantileCalibrator` so that the share of primaries still
/// outstanding at their delay stays at `1 − quantile`; and backups draw on a `RetryBudget` (ratio
/// `maximumExtraLoad`, no floor by default), so a slow period cannot double the load.
///
/// Per request: `delay(predicted:at:)` when the primary is sent; then exactly one of
/// `answeredBeforeDelay()` or `delayElapsed(at:)`. Choosing the other backend is the balancer's
/// job (its best choice other than the primary's backend).
package struct HedgePlanner: Sendable {
    /// How eager and how costly hedging may be.
    package struct Configuration: Sendable, Equatable {
        /// The latency quantile after which a backup goes (the model must predict this quantile).
        package var quantile: Double
        /// Backups allowed per primary request over the budget window.
        package var maximumExtraLoad: Double
        /// Backups allowed per second whatever the request count (Finagle's backup filter uses none).
        package var minimumPerSecond: Double
        /// How far back requests and backups count towards the budget.
        package var window: Duration
        /// No backup is sent sooner than this after its primary.
        package var minimumDelay: Duration
        /// The online correction of the predicted quantile; `nil` uses the prediction as it is.
        package var calibration: QuantileCalibrator.Settings?

        package init(
            quantile: Double = 0.95, maximumExtraLoad: Double = 0.02, minimumPerSecond: Double = 0, window: Duration = .seconds(10),
            minimumDelay: Duration = .milliseconds(1), calibration: QuantileCalibrator.Settings? = QuantileCalibrator.Settings()
        ) {
            self.quantile = quantile
            self.maximumExtraLoad = maximumExtraLoad
            self.minimumPerSecond = minimumPerSecond
            self.window = window
            self.minimumDelay = minimumDelay
            self.calibration = calibration
        }
    }

    /// What to do when a primary's delay has elapsed and it has not answered.
    package enum Decision: Sendable, Equatable {
        /// Send the backup to another backend now.
        case sendBackup
        /// Keep waiting for the primary: the extra-load budget is spent.
        case budgetExhausted
    }

    package let configuration: Configuration
    package private(set) var budget: RetryBudget
    package private(set) var calibrator: QuantileCalibrator?
    /// Primaries planned (`delay` calls).
    package private(set) var primaries = 0
    /// Backups sent and backups the budget refused.
    package private(set) var backupsSent = 0
    package private(set) var backupsRefused = 0
    private let minimumDelayMilliseconds: Double

    /// Creates a planner with an empty budget.
    /// - Throws: `ControlConfigurationError` for a quantile outside (0, 1), a negative extra load,
    ///   floor or minimum delay, or invalid calibration settings.
    package init(_ configuration: Configuration) throws(ControlConfigurationError) {
        let quantile = configuration.quantile
        try ControlConfigurationError.require(
            quantile > 0 && quantile < 1, "quantile", "must lie strictly between 0 and 1, not \(quantile)")
        try ControlConfigurationError.require(configuration.minimumDelay >= .zero, "minimumDelay", "cannot be negative")
        self.configuration = configuration
        self.budget = try RetryBudget(
            RetryBudget.Configuration(
                ratio: configuration.maximumExtraLoad, minimumPerSecond: configuration.minimumPerSecond, window: configuration.window))
        self.calibrator = try configuration.calibration.map { settings throws(ControlConfigurationError) in
            try QuantileCalibrator(missRate: 1 - quantile, settings: settings)
        }
        self.minimumDelayMilliseconds = configuration.minimumDelay.milliseconds
    }

    /// Notes a primary sent at `now` and returns how long (ms) to wait for it before a backup.
    /// - Parameter predicted: the model's predicted latency quantile (ms) for this request; when it is
    ///   not a finite number no backup is planned and the result is infinite.
    /// - Complexity: O(1) amortised.
    package mutating func delay(predicted: Double, at now: Double) -> Double {
        budget.recordRequest(at: now)
        primaries += 1
        let corrected = calibrator?.corrected(predicted) ?? predicted
        guard corrected.isFinite else { return .infinity }
        return max(minimumDelayMilliseconds, corrected)
    }

    /// The primary answered before its delay elapsed: no backup.
    package mutating func answeredBeforeDelay() {
        calibrator?.record(missed: false)
    }

    /// The primary's delay elapsed at `now` without an answer: send a backup if the budget allows.
    /// - Complexity: O(1) amortised.
    package mutating func delayElapsed(at now: Double) -> Decision {
        calibrator?.record(missed: true)
        guard budget.tryRetry(at: now) else {
            backupsRefused += 1
            return .budgetExhausted
        }
        backupsSent += 1
        return .sendBackup
    }
}
