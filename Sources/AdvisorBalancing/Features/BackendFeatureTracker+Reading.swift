import AdvisorSupport

extension BackendFeatureTracker {
    /// Writes the features of `backend` as they stand at `time`, before a request is sent.
    /// - Parameter features: at least `featureCount` values; the first `featureCount` are overwritten.
    /// - Complexity: O(1) plus the number of metrics.
    @inlinable
    package func features(_ backend: Int, at time: Double, into features: UnsafeMutableBufferPointer<Double>) {
        writeFeatures(backend, at: time, into: features.baseAddress!)
    }

    /// `features(_:at:into:)` on a raw pointer.
    @usableFromInline
    func writeFeatures(_ backend: Int, at time: Double, into features: UnsafeMutablePointer<Double>) {
        withUnsafePointer(to: backend) { writeFeatures(of: UnsafeBufferPointer(start: $0, count: 1), at: time, into: features) }
    }

    /// Writes the features of several backends, one row of `featureCount` after another: what a balancer
    /// scoring a whole pool per decision reads, with one pass over the state.
    /// - Parameters:
    ///   - backends: the backends, in row order.
    ///   - rows: room for `backends.count × featureCount` values.
    /// - Complexity: O(backends × features).
    func writeFeatures(of backends: UnsafeBufferPointer<Int>, at time: Double, into rows: UnsafeMutablePointer<Double>) {
        let width = metricNames.count
        let stride = Self.ownFeatureCount + width
        let prior = BackendState(initialLatency: settings.initialLatency)
        states.withUnsafeBufferPointer { states in
            metrics.withUnsafeBufferPointer { metrics in
                for (row, backend) in backends.enumerated() {
                    let features = rows + row * stride
                    let state = backend < states.count ? states[backend] : prior
                    features[0] = FastMath.log1p(Double(state.inflight))
                    features[1] = Self.logLatency(state.ewma)
                    features[2] = Self.logLatency(state.peak)
                    features[3] = state.errorRate
                    features[Self.silenceFeature] = Self.silence(state, at: time)
                    features[Self.recentFeature] = Self.logLatency(state.recent)
                    for metric in 0..<width {
                        features[Self.ownFeatureCount + metric] = backend < states.count ? metrics[backend * width + metric] : 0
                    }
                }
            }
        }
    }

    /// Turns a row `features` wrote for a backend into the row of the same backend with nothing in flight: the
    /// features of its queue (requests in flight, silence while they wait) set to what an idle backend shows,
    /// its latency history and metrics left as they are. A latency model scored on both rows tells how much
    /// the queue adds to what the backend takes by itself.
    /// - Parameter features: a row of at least `ownFeatureCount` values.
    package static func makeIdle(_ features: UnsafeMutablePointer<Double>) {
        features[0] = 0
        features[silenceFeature] = 0
    }

    /// Turns a row `features` wrote for `backend` into the row it showed before one of its requests in flight was
    /// sent: what a control that is handed a request already counted (a ticket) predicts for, so that it sees the
    /// features the model was trained on (those before the request).
    /// - Parameter features: a row of at least `ownFeatureCount` values.
    package func withdrawOne(_ backend: Int, from features: UnsafeMutablePointer<Double>) {
        let others = max(0, inflight(backend) - 1)
        features[0] = FastMath.log1p(Double(others))
        if others == 0 { features[Self.silenceFeature] = 0 }
    }

    /// Requests sent to `backend` and not yet completed.
    public func inflight(_ backend: Int) -> Int {
        backend < states.count ? states[backend].inflight : 0
    }

    /// The plain EWMA of the backend's latency (ms): the naive predictor models are measured against.
    public func ewmaLatency(_ backend: Int) -> Double {
        backend < states.count ? states[backend].ewma : settings.initialLatency
    }

    /// The peak-EWMA latency (ms) as it stands after the last response, without decay since then.
    package func peakLatency(_ backend: Int) -> Double {
        backend < states.count ? states[backend].peak : settings.initialLatency
    }

    /// The peak-EWMA latency (ms) decayed towards zero for the time since the last response, as Finagle
    /// reads it: a backend nobody has heard from lately looks cheaper and gets probed again.
    public func decayedPeakLatency(_ backend: Int, at time: Double) -> Double {
        guard backend < states.count, !states[backend].lastResponse.isNaN else { return settings.initialLatency }
        let state = states[backend]
        return state.peak * Self.decay(max(0, time - state.lastResponse), timeConstant: settings.peakDecaySeconds)
    }

    /// The error-rate EWMA of `backend` (0…1).
    public func errorRate(_ backend: Int) -> Double {
        backend < states.count ? states[backend].errorRate : 0
    }

    /// When `backend` last answered, if it ever has.
    package func lastResponse(_ backend: Int) -> Double? {
        guard backend < states.count, !states[backend].lastResponse.isNaN else { return nil }
        return states[backend].lastResponse
    }

    /// The silence feature (`log1p_unanswered_ms`) of `backend` at `time`.
    /// - Complexity: O(1), one fast logarithm when requests wait.
    func silence(_ backend: Int, at time: Double) -> Double {
        backend < states.count ? Self.silence(states[backend], at: time) : 0
    }

    @inline(__always)
    static func silence(_ state: BackendState, at time: Double) -> Double {
        // Silence counts only while requests wait: an idle backend is not slow, and a policy that avoided a
        // backend must not then find it worse for not having heard from it. In ms, like the latencies: with
        // a server that answers in order, it is how long the request being served has taken so far. The
        // only feature that changes between events, so it is taken per decision: with the fast logarithm.
        state.inflight == 0 ? 0 : FastMath.log1p(max(0, time - state.waitingSince) * 1000)
    }

    /// How long `backend` has held requests without answering any (s); 0 when it has none in flight.
    package func unansweredTime(_ backend: Int, at time: Double) -> Double {
        guard backend < states.count, states[backend].inflight > 0 else { return 0 }
        return max(0, time - states[backend].waitingSince)
    }

    /// Whether `backend` has answered at least once.
    package func hasHistory(_ backend: Int) -> Bool {
        lastResponse(backend) != nil
    }

    /// Forgets a backend that left the pool, so its index can be reused by a newcomer that starts from the prior.
    package mutating func reset(_ backend: Int) {
        guard backend < states.count else { return }
        states[backend] = BackendState(initialLatency: settings.initialLatency)
        for metric in 0..<metricNames.count { metrics[backend * metricNames.count + metric] = 0 }
    }

    /// The logarithm of a latency in ms, floored at 1 ns so that a zero latency has one: the fast logarithm, taken
    /// whenever features are read (training, the replay and the runtime alike).
    @inline(__always)
    static func logLatency(_ latency: Double) -> Double {
        FastMath.log(max(latency, 1e-6))
    }
}
