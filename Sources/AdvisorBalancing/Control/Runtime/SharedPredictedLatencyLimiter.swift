import AdvisorSupport
import Synchronization

/// A thread-safe concurrency limiter that admits a request to a backend while the latency model predicts it
/// would take at most `tolerance` times what the same backend would take with nothing in flight (and under
/// the target, if one is set).
///
/// Keeps one `PredictedLatencyLimiter` core per backend of a `BackendSet`, scoring the mean model on the
/// set's features. A ticket is admitted or turned away at once; a turned-away ticket is taken back from the
/// set (it was never sent, so it is not completed).
///
/// ```swift
/// let limiter = try SharedPredictedLatencyLimiter(model: models.mean, backends: backends, tolerance: 2)
/// try limiter.admit(ticket)          // throws LimiterRejection at once when over
/// defer { limiter.release(ticket) }
/// ```
public final class SharedPredictedLatencyLimiter: Sendable {
    private struct State: Sendable {
        var limiters: [PredictedLatencyLimiter] = []
        /// The permit of each admitted ticket, by ticket.
        var permits: [TicketID: LimiterPermit] = [:]
        let template: PredictedLatencyLimiter
    }

    private let state: Mutex<State>
    private let predictions: LatencyPredictions
    private let withdraw: @Sendable (TicketID) -> Void

    /// Attaches the mean latency model to a backend set.
    /// - Parameters:
    ///   - model: the mean latency model (`models.mean`).
    ///   - backends: the set whose features the model is scored on.
    ///   - tolerance: how far, as a factor, a request's predicted latency may exceed the backend's predicted idle latency.
    ///   - target: a latency the prediction must also stay under; nil for none.
    ///   - minimumConcurrency: requests to one backend admitted whatever the prediction (its free slots).
    ///   - maximumConcurrency: requests to one backend never exceeded.
    /// - Throws: `ControlConfigurationError` for a tolerance below 1, a target that is not positive, bounds that are not
    ///   `0 ≤ minimum ≤ maximum`, `maximum ≥ 1`, or (setting `model`) a model that reads other metrics than declared.
    public init<Backend>(
        model: LatencyModel, backends: BackendSet<Backend>, tolerance: Double = 2, target: Duration? = nil, minimumConcurrency: Int = 1,
        maximumConcurrency: Int = 1000
    ) throws(ControlConfigurationError) {
        let core = try PredictedLatencyLimiter(
            .init(tolerance: tolerance, target: target, minimumConcurrency: minimumConcurrency, maximumConcurrency: maximumConcurrency))
        state = Mutex(State(template: core))
        predictions = try backends.predictions(of: model, for: "the predicted-latency limiter")
        withdraw = { [backends] id in backends.withdraw(id) }
    }

    /// Admits a ticket's request now, or turns it away at once and takes the ticket back from its set.
    /// - Throws: `LimiterRejection` with the prediction and the bound it exceeded, or the hard maximum.
    public func admit<Backend>(_ ticket: BackendSet<Backend>.Ticket) throws(LimiterRejection) {
        let id = ticket.id
        let (predicted, idle) = predictions.predict(id)
        let now = predictions.clock.seconds
        let decision = state.withVisibleLock { state in
            if id.index >= state.limiters.count {
                state.limiters.append(contentsOf: repeatElement(state.template, count: id.index + 1 - state.limiters.count))
            }
            let decision = state.limiters[id.index].acquire(predictedLatency: predicted, idleLatency: idle, at: now)
            if case .admitted(let permit) = decision { state.permits[id] = permit }
            return decision
        }
        guard case .rejected(let rejection) = decision else { return }
        withdraw(id)
        throw rejection
    }

    /// Ends an admitted ticket's request (its slot at the backend is free again); complete the ticket with its set too.
    public func release<Backend>(_ ticket: BackendSet<Backend>.Ticket) {
        state.withVisibleLock { state in
            guard let permit = state.permits.removeValue(forKey: ticket.id) else { return }
            state.limiters[ticket.id.index].release(permit)
        }
    }

    /// Requests in flight and rejections so far, summed over the backends, read together.
    package func reading() -> (inflight: Int, rejections: Int) {
        state.withVisibleLock { state in
            state.limiters.reduce(into: (inflight: 0, rejections: 0)) { totals, limiter in
                totals.inflight += limiter.inflight
                totals.rejections += limiter.rejections
            }
        }
    }

    /// Requests admitted to the backend in slot `index` and not yet released.
    package func inflight(slot index: Int) -> Int {
        state.withVisibleLock { index < $0.limiters.count ? $0.limiters[index].inflight : 0 }
    }
}
