import AdvisorSupport
import Synchronization

/// Thread-safe per-request timeouts from a latency quantile model, for a target false-timeout rate.
///
/// Wraps a `TimeoutAdvisor` core behind a lock, with a quantile model attached to a `BackendSet`:
/// `timeout(for:)` predicts the quantile for a ticket's request (on the set's features, as its backend
/// stood before the request was sent) and gives its timeout; `record(_:timeout:outcome:)` feeds whether it
/// timed out to the online correction. The ticket itself is completed with the set, as every ticket is.
///
/// ```swift
/// let timeouts = try SharedTimeoutAdvisor(model: models.quantile(0.99), backends: backends, targetRate: 0.01)
/// let timeout = timeouts.timeout(for: ticket)
/// ```
public final class SharedTimeoutAdvisor: Sendable {
    private let advisor: Mutex<TimeoutAdvisor>
    private let predictions: LatencyPredictions

    /// Attaches a quantile model to a backend set.
    /// - Parameters:
    ///   - model: the latency quantile model (fitted for `1 − targetRate`, or a lower quantile that the correction
    ///     scales up), for example `try models.quantile(0.99)`.
    ///   - backends: the set whose features the model is scored on, and whose clock measures the requests.
    ///   - targetRate: the accepted fraction of requests that time out although they would have answered, in (0, 1).
    ///   - floor: no timeout is shorter than this.
    ///   - ceiling: no timeout is longer than this; also used when there is no prediction.
    ///   - calibrationStep: how far one outcome moves the online correction (adaptive conformal inference); nil for none.
    /// - Throws: `ControlConfigurationError` for a rate outside (0, 1), a negative floor, a ceiling below the floor, a step
    ///   that is not positive, or (setting `model`) a model that reads other server metrics than the set declared.
    public init<Backend>(
        model: LatencyModel, backends: BackendSet<Backend>, targetRate: Double, floor: Duration = .milliseconds(1),
        ceiling: Duration = .seconds(30), calibrationStep: Double? = 0.2
    ) throws(ControlConfigurationError) {
        let calibration = calibrationStep.map { QuantileCalibrator.Settings(step: $0) }
        advisor = Mutex(try TimeoutAdvisor(.init(targetRate: targetRate, floor: floor, ceiling: ceiling, calibration: calibration)))
        predictions = try backends.predictions(of: model, for: "the timeout advisor")
    }

    /// The timeout to enforce on a ticket's request.
    public func timeout<Backend>(for ticket: BackendSet<Backend>.Ticket) -> Duration {
        let predicted = predictions.predict(ticket.id).current
        return .milliseconds(exactly: advisor.withVisibleLock { $0.timeout(predicted: predicted) })
    }

    /// Notes how a ticket's request ended, with the timeout it was given. A request that took longer than its timeout
    /// counts as a false timeout whether or not the caller cut it off; a cancelled one is not counted.
    public func record<Backend>(_ ticket: BackendSet<Backend>.Ticket, timeout: Duration, outcome: RequestOutcome) {
        guard outcome != .cancelled else { return }
        let latency = max(0, predictions.clock.seconds - ticket.id.sentAt) * 1000
        advisor.withVisibleLock { $0.record(timedOut: outcome == .timedOut || latency > timeout.milliseconds) }
    }

    /// The online correction's current factor on the model's predictions.
    package var correctionFactor: Double { advisor.withVisibleLock { $0.correctionFactor } }

    /// Requests recorded, those that took longer than their timeout, and the correction factor, read together.
    package func reading() -> (recorded: Int, timedOut: Int, correctionFactor: Double) {
        advisor.withVisibleLock { ($0.recorded, $0.timedOut, $0.correctionFactor) }
    }
}
