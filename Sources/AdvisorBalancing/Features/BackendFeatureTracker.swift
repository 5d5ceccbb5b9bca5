import Foundation

/// Online per-backend features, computed in O(1) per event from what a client can observe.
///
/// The one definition of backend features: `advisor train` replays a request trace through it
/// (starts at send time, completions at send time + latency, in time order), the balancing replay
/// drives it from simulated requests, and the runtime balancer calls the same methods on real
/// requests, so training and serving see the same numbers. A latency is known only when its
/// request completes, exactly as in production.
///
/// Backends are dense indices `0..<backendCount` (the caller interns its own backend names), so
/// every feature read is an array load: a balancer can score all backends of a pool per decision.
/// Server metrics a deployment reports (utilization, queue length, …) are kept per backend and
/// appended after the tracker's own features.
public struct BackendFeatureTracker: Sendable {
    /// Names of the features the tracker itself computes, before any reported server metrics.
    package static var ownFeatureNames: [String] {
        ["log1p_inflight", "log_ewma_latency", "log_peak_ewma_latency", "error_rate", "log1p_unanswered_ms", "log_recent_latency"]
    }

    /// Number of own features (`ownFeatureNames.count`).
    package static var ownFeatureCount: Int { 6 }

    /// Index of `log1p_inflight`, the one feature of a backend's queue rather than its history.
    package static var inflightFeature: Int { 0 }

    /// Index of `log1p_unanswered_ms`, the one feature that changes with time between a backend's events;
    /// every other feature changes only when a request starts or completes or metrics are reported.
    package static var silenceFeature: Int { 4 }

    /// Index of `log_recent_latency`.
    static var recentFeature: Int { 5 }

    /// Own features a latency cannot fall with: a longer queue, slower recent answers, more failures, a longer
    /// silence while requests wait.
    ///
    /// A model fitted on request logs may still give one of them a negative weight when it barely varies
    /// in the log (failures are rare) or is confounded with the policy that wrote the log. A balancer
    /// would then reward the failing backend with more traffic; fits hold such a weight at zero instead.
    package static var nonDecreasingFeatureNames: [String] { ownFeatureNames }

    /// Feature names for a tracker that also keeps the given server metrics, in the order `features` writes them.
    ///
    /// A reported metric may share a name with an own feature (a server's own "inflight" count): both are
    /// kept, the reported one as `metric_<name>`.
    package static func featureNames(metrics: [String]) -> [String] {
        ownFeatureNames + metrics.map { ownFeatureNames.contains($0) ? "metric_\($0)" : $0 }
    }

    var states: [BackendState] = []
    /// Row-major `backendCount × metricNames.count`.
    var metrics: [Double] = []
    /// Names of the reported server metrics, in feature order.
    package let metricNames: [String]
    package let settings: Settings

    /// Creates an empty tracker.
    /// - Parameters:
    ///   - settings: the moving averages' weights and time constants.
    ///   - metricNames: server metrics that will be reported per backend and appended to the features.
    package init(settings: Settings = Settings(), metricNames: [String] = []) {
        self.settings = settings
        self.metricNames = metricNames
    }

    /// Feature names in the order `features` writes them: own features, then reported metrics.
    package var featureNames: [String] { Self.featureNames(metrics: metricNames) }

    /// Number of features `features` writes.
    package var featureCount: Int { Self.ownFeatureCount + metricNames.count }

    /// Backends known so far (indices `0..<backendCount`); the arrays grow when a larger index is used.
    package var backendCount: Int { states.count }

    /// Makes room for backends `0...backend`; new backends start with the prior latency and no history.
    /// - Complexity: O(1) amortised.
    package mutating func reserve(_ backend: Int) {
        guard backend >= states.count else { return }
        let added = backend + 1 - states.count
        states.append(contentsOf: repeatElement(BackendState(initialLatency: settings.initialLatency), count: added))
        metrics.append(contentsOf: repeatElement(0, count: added * metricNames.count))
    }

    /// Notes that a request was sent to `backend` at `time` (seconds).
    /// - Complexity: O(1), no logarithm (features take theirs when they are read).
    package mutating func requestStarted(_ backend: Int, at time: Double) {
        reserve(backend)
        if states[backend].inflight == 0 { states[backend].waitingSince = time }
        states[backend].inflight += 1
    }

    /// Notes that a request to `backend` completed at `time` after `latency` (ms), failed or not.
    /// - Complexity: O(1), two exponentials (the averages' time decays) and no logarithm.
    package mutating func requestCompleted(_ backend: Int, latency: Double, failed: Bool, at time: Double) {
        reserve(backend)
        let settings = settings
        states.withUnsafeMutableBufferPointer { states in
            var state = states[backend]
            state.inflight = max(0, state.inflight - 1)
            let elapsed = state.lastResponse.isNaN ? 0 : max(0, time - state.lastResponse)
            if state.lastResponse.isNaN {
                // The first answer replaces the prior guess instead of being averaged with it.
                state.ewma = latency
                state.peak = latency
                state.recent = latency
            } else {
                let keepRecent = Self.decay(elapsed, timeConstant: settings.recentSeconds)
                state.recent = state.recent * keepRecent + latency * (1 - keepRecent)
            }
            state.ewma += settings.ewmaWeight * (latency - state.ewma)
            // Peak-EWMA: jump up to a slow sample at once, decay back towards faster samples over time.
            if latency > state.peak {
                state.peak = latency
            } else {
                let keep = Self.decay(elapsed, timeConstant: settings.peakDecaySeconds)
                state.peak = state.peak * keep + latency * (1 - keep)
            }
            state.errorRate += settings.errorWeight * ((failed ? 1 : 0) - state.errorRate)
            state.lastResponse = time
            state.waitingSince = time
            states[backend] = state
        }
    }

    /// The weight an average keeps after `elapsed` seconds with `timeConstant`: e^(−elapsed / timeConstant), exactly
    /// (the weight of a new answer is 1 minus it, so an approximate exponential would be far off at short gaps).
    @inline(__always)
    static func decay(_ elapsed: Double, timeConstant: Double) -> Double {
        exp(-elapsed / timeConstant)
    }

    /// Records the server metrics `backend` reported (in `metricNames` order); they stay until the next report.
    /// - Precondition: `values.count == metricNames.count`.
    package mutating func report<Values: Collection<Double>>(_ backend: Int, metrics values: Values) {
        precondition(values.count == metricNames.count, "expected \(metricNames.count) metrics")
        reserve(backend)
        var index = backend * metricNames.count
        for value in values {
            metrics[index] = value
            index += 1
        }
    }

    /// Takes back a request to `backend` that was counted as started but never sent (a limiter turned it away):
    /// its slot in the queue is freed, and nothing is learnt about the backend's latency or errors.
    package mutating func requestWithdrawn(_ backend: Int) {
        guard backend < states.count, states[backend].inflight > 0 else { return }
        states[backend].inflight -= 1
    }
}
