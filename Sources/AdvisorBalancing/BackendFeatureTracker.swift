import Foundation

/// Online per-backend features, computed in O(1) per event from what a client can observe.
///
/// The one definition of backend features: `advisor train` replays a request trace through it
/// (starts at send time, completions at send time + latency, in time order) and the runtime
/// balancer calls the same methods on real requests, so training and serving see the same numbers.
/// A latency is known only when its request completes, exactly as in production.
public struct BackendFeatureTracker<Backend: Hashable & Sendable>: Sendable {
    /// Names of the features the tracker itself computes, before any reported server metrics.
    public static var ownFeatureNames: [String] {
        ["inflight", "log_ewma_latency", "log_peak_ewma_latency", "error_rate", "log_time_since_response"]
    }

    /// Settings of the moving averages.
    public struct Settings: Sendable, Equatable {
        /// Weight of a new latency in the plain EWMA.
        public var ewmaWeight: Double = 0.2
        /// Time constant (seconds) with which peak-EWMA decays after a peak (Finagle's default is 10 s).
        public var peakDecaySeconds: Double = 10
        /// Weight of a new outcome in the error-rate EWMA.
        public var errorWeight: Double = 0.1
        /// Latency assumed before a backend has answered once (ms), so new backends are neither shunned nor flooded.
        public var initialLatency: Double = 1

        public init() {}
    }

    private struct State: Sendable {
        var inflight = 0
        var ewma: Double
        var peak: Double
        var errorRate = 0.0
        var lastResponse: Double?
        var lastPeakUpdate: Double?
    }

    private var backends: [Backend: State] = [:]
    public let settings: Settings

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Number of own features (`ownFeatureNames.count`).
    public static var ownFeatureCount: Int { 5 }

    /// Notes that a request was sent to `backend` at `time` (seconds).
    public mutating func requestStarted(_ backend: Backend, at time: Double) {
        var state = backends[backend] ?? initialState
        state.inflight += 1
        backends[backend] = state
    }

    /// Notes that a request to `backend` completed at `time` after `latency` (ms), failed or not.
    public mutating func requestCompleted(_ backend: Backend, latency: Double, failed: Bool, at time: Double) {
        var state = backends[backend, default: initialState]
        state.inflight = max(0, state.inflight - 1)
        if state.lastResponse == nil {
            // The first answer replaces the prior guess instead of being averaged with it.
            state.ewma = latency
            state.peak = latency
        }
        state.ewma += settings.ewmaWeight * (latency - state.ewma)
        // Peak-EWMA: jump up to a slow sample at once, decay back towards faster samples over time.
        if latency > state.peak {
            state.peak = latency
        } else {
            let elapsed = max(0, time - (state.lastPeakUpdate ?? time))
            let keep = exp(-elapsed / settings.peakDecaySeconds)
            state.peak = state.peak * keep + latency * (1 - keep)
        }
        state.lastPeakUpdate = time
        state.errorRate += settings.errorWeight * ((failed ? 1 : 0) - state.errorRate)
        state.lastResponse = time
        backends[backend] = state
    }

    /// Writes the features of `backend` as they stand at `time`, before a request is sent.
    /// - Parameter features: at least `ownFeatureCount` values; the first `ownFeatureCount` are overwritten.
    /// - Complexity: O(1).
    public func features(_ backend: Backend, at time: Double, into features: UnsafeMutableBufferPointer<Double>) {
        let state = backends[backend] ?? initialState
        features[0] = Double(state.inflight)
        features[1] = log(max(state.ewma, 1e-6))
        features[2] = log(max(state.peak, 1e-6))
        features[3] = state.errorRate
        features[4] = log1p(max(0, time - (state.lastResponse ?? time)))
    }

    /// The plain EWMA of the backend's latency (ms): the naive predictor models are measured against.
    public func ewmaLatency(_ backend: Backend) -> Double {
        (backends[backend] ?? initialState).ewma
    }

    /// Whether `backend` has answered at least once.
    public func hasHistory(_ backend: Backend) -> Bool {
        backends[backend]?.lastResponse != nil
    }

    /// Drops a backend that left the pool.
    public mutating func remove(_ backend: Backend) {
        backends[backend] = nil
    }

    private var initialState: State {
        State(ewma: settings.initialLatency, peak: settings.initialLatency)
    }
}
