import Synchronization

/// A thread-safe concurrency limiter that admits a request to a backend while the latency model
/// predicts it would take at most `tolerance` times what the same backend would take with nothing
/// in flight (and under the target, if one is set).
///
/// Wraps one `PredictedLatencyLimiter` core per backend and a `LatencyPredictor` behind one lock.
///
/// ```swift
/// let model = try ModelArtifact.load(path: "Models/latency-mean.json")
/// let limiter = try SharedPredictedLatencyLimiter(
///     predictor: LatencyPredictor(model: model), configuration: .init(tolerance: 2))
/// let permit = try limiter.acquire(backend: 0)          // throws LimiterRejection at once when over
/// defer { limiter.release(permit, outcome: .succeeded) }
/// ```
public final class SharedPredictedLatencyLimiter: Sendable {
    /// An admitted request; hand it back to `release`.
    public struct Permit: Sendable, Equatable {
        public let backend: Int
        let permit: LimiterPermit
    }

    private struct State: Sendable {
        var predictor: LatencyPredictor
        var limiters: [PredictedLatencyLimiter] = []
        let template: PredictedLatencyLimiter

        mutating func reserve(_ backend: Int) {
            if backend >= limiters.count { limiters.append(contentsOf: repeatElement(template, count: backend + 1 - limiters.count)) }
        }
    }

    private let state: Mutex<State>
    private let clock: RuntimeClock

    /// - Throws: `ControlConfigurationError` for an invalid configuration.
    public init(
        predictor: LatencyPredictor, configuration: PredictedLatencyLimiter.Configuration, clock: some Clock<Duration> = ContinuousClock()
    ) throws(ControlConfigurationError) {
        state = Mutex(State(predictor: predictor, template: try PredictedLatencyLimiter(configuration)))
        self.clock = RuntimeClock(clock)
    }

    /// Admits a request to `backend` now, with the backend's latest server metrics, or rejects it at once.
    /// - Throws: `LimiterRejection` with the prediction and the bound it exceeded, or the hard maximum.
    public func acquire(backend: Int, metrics: [Double] = []) throws(LimiterRejection) -> Permit {
        let decision = state.withLock { state in
            let now = clock.now
            state.reserve(backend)
            let (predicted, idle) = state.predictor.predictWithIdle(backend: backend, metrics: metrics, at: now)
            let decision = state.limiters[backend].acquire(predictedLatency: predicted, idleLatency: idle, at: now)
            if case .admitted = decision { state.predictor.started(backend: backend, at: now) }
            return decision
        }
        switch decision {
        case .admitted(let permit): return Permit(backend: backend, permit: permit)
        case .rejected(let rejection): throw rejection
        }
    }

    /// Ends an admitted request and feeds its latency to the feature tracker.
    public func release(_ permit: Permit, outcome: RequestOutcome) {
        state.withLock { state in
            let now = clock.now
            state.limiters[permit.backend].release(permit.permit)
            state.predictor.completed(
                backend: permit.backend, latency: (now - permit.permit.admittedAt) * 1000, failed: outcome != .succeeded, at: now)
        }
    }

    /// Requests in flight to `backend`.
    public func inflight(backend: Int) -> Int {
        state.withLock { backend < $0.limiters.count ? $0.limiters[backend].inflight : 0 }
    }
}
