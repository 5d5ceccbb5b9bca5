import AdvisorSupport
import Synchronization

/// Thread-safe hedged (backup) requests: send to a second backend when the first has not answered by a high
/// quantile of its latency, within a budget on extra load.
///
/// Wraps a `HedgePlanner` core behind a lock, with the delay either one for all requests (the p95 of recorded
/// latencies, `init(delay:…)`) or predicted per request by a quantile model attached to a `BackendSet`
/// (`init(model:backends:…)`, `latency-p95.json`). Both are corrected online to the quantile's share of late
/// primaries. The balancing replay's `stalls` scenario measured one delay for all, with the backup sent where
/// the latency model predicts the lowest latency (a predicted `Balancer`'s `pick(avoiding:)`), better for
/// p99.9 than a per-request delay: a stall cannot be predicted when the request is sent.
///
/// ```swift
/// let hedging = try SharedHedgePlanner(delay: .milliseconds(2.1), maximumExtraLoad: 0.05)
/// let value = try await hedging.execute(primary, on: balancer) { backend in try await client.get(key, from: backend) }
/// ```
public final class SharedHedgePlanner: Sendable {
    let planner: Mutex<HedgePlanner>
    /// Per-request delays; nil for one delay for all.
    let predictions: LatencyPredictions?
    /// The delay (ms) when there are no predictions.
    let typicalDelay: Double
    let clock: ElapsedClock

    /// Hedging with one delay for all requests, for example the p95 of recorded latencies, corrected online.
    /// - Parameters:
    ///   - delay: the first delay; the correction moves it so that `1 − quantile` of the primaries are late.
    ///   - quantile: the latency quantile after which a backup goes, in (0, 1).
    ///   - maximumExtraLoad: backups allowed per primary request over the last 10 s.
    ///   - calibrationStep: how far one outcome moves the online correction; nil for none.
    ///   - clock: the clock delays are slept and budgets counted on (the balancer's set's clock, so both see one time).
    /// - Throws: `ControlConfigurationError` for a delay that is not positive, a quantile outside (0, 1), a negative
    ///   extra load or a step that is not positive.
    public init(
        delay: Duration, quantile: Double = 0.95, maximumExtraLoad: Double = 0.02, calibrationStep: Double? = 0.2,
        clock: some Clock<Duration> = ContinuousClock()
    ) throws(ControlConfigurationError) {
        try ControlConfigurationError.require(delay > .zero, "delay", "must be positive")
        planner = Mutex(try HedgePlanner(Self.configuration(quantile, maximumExtraLoad, calibrationStep)))
        predictions = nil
        typicalDelay = delay.milliseconds
        self.clock = ElapsedClock(clock)
    }

    /// Hedging with a delay predicted per request by a quantile model on a backend set's features.
    /// - Parameters:
    ///   - model: a model of the latency quantile `quantile` (`try models.quantile(0.95)`).
    ///   - backends: the set whose features the model is scored on, and whose clock the planner reads.
    ///   - quantile: the latency quantile after which a backup goes, in (0, 1): the one the model predicts.
    ///   - maximumExtraLoad: backups allowed per primary request over the last 10 s.
    ///   - calibrationStep: how far one outcome moves the online correction; nil for none.
    /// - Throws: as `init(delay:…)`, and (setting `model`) for a model that reads other server metrics than declared.
    public init<Backend>(
        model: LatencyModel, backends: BackendSet<Backend>, quantile: Double = 0.95, maximumExtraLoad: Double = 0.02,
        calibrationStep: Double? = 0.2
    ) throws(ControlConfigurationError) {
        planner = Mutex(try HedgePlanner(Self.configuration(quantile, maximumExtraLoad, calibrationStep)))
        let predictions = try backends.predictions(of: model, for: "the hedge planner")
        self.predictions = predictions
        typicalDelay = .infinity
        clock = predictions.clock
    }

    private static func configuration(_ quantile: Double, _ maximumExtraLoad: Double, _ step: Double?) -> HedgePlanner.Configuration {
        HedgePlanner.Configuration(
            quantile: quantile, maximumExtraLoad: maximumExtraLoad, calibration: step.map { QuantileCalibrator.Settings(step: $0) })
    }

    /// Plans the primary request of a ticket: how long to wait for it before a backup.
    package func delay<Backend>(for ticket: BackendSet<Backend>.Ticket) -> Duration {
        let predicted = predictions?.predict(ticket.id).current ?? typicalDelay
        let now = clock.seconds
        return .milliseconds(exactly: planner.withVisibleLock { $0.delay(predicted: predicted, at: now) })
    }

    /// The primary answered before its delay.
    package func answeredBeforeDelay() {
        planner.withVisibleLock { $0.answeredBeforeDelay() }
    }

    /// The primary's delay has elapsed without an answer: whether to send a backup now.
    package func delayElapsed() -> HedgePlanner.Decision {
        let now = clock.seconds
        return planner.withVisibleLock { $0.delayElapsed(at: now) }
    }

    /// Backups sent and refused by the budget so far.
    package var backups: (sent: Int, refused: Int) {
        planner.withVisibleLock { ($0.backupsSent, $0.backupsRefused) }
    }

    /// Primaries planned, backups sent and refused, and the delay's online correction factor, read together.
    package func reading() -> (primaries: Int, sent: Int, refused: Int, correctionFactor: Double) {
        planner.withVisibleLock { ($0.primaries, $0.backupsSent, $0.backupsRefused, $0.calibrator?.factor ?? 1) }
    }
}
