import Synchronization

/// Thread-safe per-request timeouts from a latency quantile model, for a target false-timeout rate.
///
/// Wraps a `TimeoutAdvisor` core and a `LatencyPredictor` (the backend feature tracker and the model
/// `advisor train` wrote) behind one lock. `start` predicts the request's quantile and gives its
/// timeout; `finish` feeds the outcome to the feature tracker and to the online correction.
///
/// ```swift
/// let model = try ModelArtifact.load(path: "Models/latency-p99.json")
/// let timeouts = try SharedTimeoutAdvisor(predictor: LatencyPredictor(model: model), configuration: .init(targetRate: 0.01))
/// let ticket = timeouts.start(backend: 2)
/// do {
///     let reply = try await client.get(key, from: 2, timeout: ticket.timeout)
///     timeouts.finish(ticket, outcome: .succeeded)
/// } catch is TimeoutError {
///     timeouts.finish(ticket, outcome: .timedOut)
/// }
/// ```
public final class SharedTimeoutAdvisor: Sendable {
    /// One request's timeout; hand it back to `finish`.
    public struct Ticket: Sendable, Equatable {
        public let backend: Int
        /// The timeout to enforce.
        public let timeout: Duration
        let sentAt: Double
        let timeoutMilliseconds: Double
    }

    private struct State: Sendable {
        var predictor: LatencyPredictor
        var advisor: TimeoutAdvisor
    }

    private let state: Mutex<State>
    private let clock: RuntimeClock

    /// - Parameters:
    ///   - predictor: the latency quantile model (fitted for `1 − targetRate`, or a lower quantile that
    ///     the correction scales up) on the tracker's features.
    ///   - configuration: target rate, floor, ceiling and correction.
    ///   - clock: the clock latencies are measured on.
    /// - Throws: `ControlConfigurationError` for an invalid configuration.
    public init(
        predictor: LatencyPredictor, configuration: TimeoutAdvisor.Configuration, clock: some Clock<Duration> = ContinuousClock()
    ) throws(ControlConfigurationError) {
        state = Mutex(State(predictor: predictor, advisor: try TimeoutAdvisor(configuration)))
        self.clock = RuntimeClock(clock)
    }

    /// Gives the timeout for a request to `backend` sent now, with the backend's latest server metrics
    /// (in the order of `LatencyPredictor.metricNames`), and notes it as in flight.
    public func start(backend: Int, metrics: [Double] = []) -> Ticket {
        state.withLock { state in
            let now = clock.now
            let timeout = state.advisor.timeout(predicted: state.predictor.predict(backend: backend, metrics: metrics, at: now))
            state.predictor.started(backend: backend, at: now)
            return Ticket(backend: backend, timeout: .milliseconds(exactly: timeout), sentAt: now, timeoutMilliseconds: timeout)
        }
    }

    /// Notes how the request ended. A request that took longer than its timeout counts as a false
    /// timeout whether or not the caller cut it off.
    public func finish(_ ticket: Ticket, outcome: RequestOutcome) {
        state.withLock { state in
            let now = clock.now
            let latency = (now - ticket.sentAt) * 1000
            state.advisor.record(timedOut: outcome == .timedOut || latency > ticket.timeoutMilliseconds)
            state.predictor.completed(backend: ticket.backend, latency: latency, failed: outcome != .succeeded, at: now)
        }
    }

    /// The online correction's current factor on the model's predictions.
    public var correctionFactor: Double { state.withLock { $0.advisor.correctionFactor } }
}
