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
    public static var ownFeatureNames: [String] {
        ["log1p_inflight", "log_ewma_latency", "log_peak_ewma_latency", "error_rate", "log1p_unanswered_ms", "log_recent_latency"]
    }

    /// Number of own features (`ownFeatureNames.count`).
    public static var ownFeatureCount: Int { 6 }

    /// Index of `log1p_unanswered_ms`, the one feature that changes with time between a backend's events;
    /// every other feature changes only when a request starts or completes or metrics are reported.
    public static var silenceFeature: Int { 4 }

    /// Index of `log_recent_latency`.
    static var recentFeature: Int { 5 }

    /// Own features a latency cannot fall with: a longer queue, slower recent answers, more failures, a longer
    /// silence while requests wait.
    ///
    /// A model fitted on request logs may still give one of them a negative weight when it barely varies
    /// in the log (failures are rare) or is confounded with the policy that wrote the log. A balancer
    /// would then reward the failing backend with more traffic; fits hold such a weight at zero instead.
    public static var nonDecreasingFeatureNames: [String] { ownFeatureNames }

    /// Feature names for a tracker that also keeps the given server metrics, in the order `features` writes them.
    ///
    /// A reported metric may share a name with an own feature (a server's own "inflight" count): both are
    /// kept, the reported one as `metric_<name>`.
    public static func featureNames(metrics: [String]) -> [String] {
        ownFeatureNames + metrics.map { ownFeatureNames.contains($0) ? "metric_\($0)" : $0 }
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
        /// Time constant (seconds) of the time-weighted latency average behind `log_recent_latency`.
        ///
        /// The plain EWMA forgets by answers (five or so at weight 0.2: milliseconds on a busy backend) and
        /// peak-EWMA holds a peak for ten seconds; a slow period that lasts about a second, where one answer in
        /// tens is slow, shows in neither. An average over time with a memory of a fraction of a second sees it,
        /// whatever the request rate. 0.3 s gave the best hold-out R² on the training parts of the balancing
        /// replay's scenarios among 0.1, 0.3, 1 and 3 s; their balancing results differ by under 4%.
        public var recentSeconds: Double = 0.3

        public init() {}
    }

    /// One backend's running state: eleven words (88 bytes), so a scan over a pool touches at most two cache lines per backend.
    private struct State: Sendable {
        var inflight = 0
        /// log(1 + inflight): a request's wait grows with the queue ahead of it roughly in proportion, so on the
        /// log-latency scale the queue enters as a logarithm (a linear term would let a fitted model bend down
        /// at long queues, where timeouts cap the latencies, and send more to the longest queue). Kept up to
        /// date here, not taken per decision.
        var logInflight = 0.0
        var ewma: Double
        var peak: Double
        // The logarithms change only when a response arrives, so they are taken then, not per decision.
        var logEWMA: Double
        var logPeak: Double
        /// Latency averaged over time with `recentSeconds` memory, and its logarithm (taken at each answer).
        var recent: Double
        var logRecent: Double
        var errorRate = 0.0
        /// Time of the last response; NaN before the first.
        var lastResponse = Double.nan
        /// Since when requests in flight have gone unanswered: the later of the last response and the moment
        /// the backend went from idle to busy.
        var waitingSince = 0.0

        init(initialLatency: Double) {
            ewma = initialLatency
            peak = initialLatency
            logEWMA = BackendFeatureTracker.logLatency(initialLatency)
            logPeak = logEWMA
            recent = initialLatency
            logRecent = logEWMA
        }
    }

    private var states: [State] = []
    /// Row-major `backendCount × metricNames.count`.
    private var metrics: [Double] = []
    /// Names of the reported server metrics, in feature order.
    public let metricNames: [String]
    public let settings: Settings

    /// Creates an empty tracker.
    /// - Parameters:
    ///   - settings: the moving averages' weights and time constants.
    ///   - metricNames: server metrics that will be reported per backend and appended to the features.
    public init(settings: Settings = Settings(), metricNames: [String] = []) {
        self.settings = settings
        self.metricNames = metricNames
    }

    /// Feature names in the order `features` writes them: own features, then reported metrics.
    public var featureNames: [String] { Self.featureNames(metrics: metricNames) }

    /// Number of features `features` writes.
    public var featureCount: Int { Self.ownFeatureCount + metricNames.count }

    /// Backends known so far (indices `0..<backendCount`); the arrays grow when a larger index is used.
    public var backendCount: Int { states.count }

    /// Makes room for backends `0...backend`; new backends start with the prior latency and no history.
    /// - Complexity: O(1) amortised.
    public mutating func reserve(_ backend: Int) {
        guard backend >= states.count else { return }
        let added = backend + 1 - states.count
        states.append(contentsOf: repeatElement(State(initialLatency: settings.initialLatency), count: added))
        metrics.append(contentsOf: repeatElement(0, count: added * metricNames.count))
    }

    /// Notes that a request was sent to `backend` at `time` (seconds).
    public mutating func requestStarted(_ backend: Int, at time: Double) {
        reserve(backend)
        if states[backend].inflight == 0 { states[backend].waitingSince = time }
        states[backend].inflight += 1
        states[backend].logInflight = log1p(Double(states[backend].inflight))
    }

    /// Notes that a request to `backend` completed at `time` after `latency` (ms), failed or not.
    public mutating func requestCompleted(_ backend: Int, latency: Double, failed: Bool, at time: Double) {
        reserve(backend)
        let settings = settings
        states.withUnsafeMutableBufferPointer { states in
            var state = states[backend]
            state.inflight = max(0, state.inflight - 1)
            state.logInflight = log1p(Double(state.inflight))
            if state.lastResponse.isNaN {
                // The first answer replaces the prior guess instead of being averaged with it.
                state.ewma = latency
                state.peak = latency
                state.recent = latency
            } else {
                let keepRecent = exp(-max(0, time - state.lastResponse) / settings.recentSeconds)
                state.recent = state.recent * keepRecent + latency * (1 - keepRecent)
            }
            state.logRecent = Self.logLatency(state.recent)
            state.ewma += settings.ewmaWeight * (latency - state.ewma)
            // Peak-EWMA: jump up to a slow sample at once, decay back towards faster samples over time.
            if latency > state.peak {
                state.peak = latency
            } else {
                let elapsed = state.lastResponse.isNaN ? 0 : max(0, time - state.lastResponse)
                let keep = exp(-elapsed / settings.peakDecaySeconds)
                state.peak = state.peak * keep + latency * (1 - keep)
            }
            state.logEWMA = Self.logLatency(state.ewma)
            state.logPeak = Self.logLatency(state.peak)
            state.errorRate += settings.errorWeight * ((failed ? 1 : 0) - state.errorRate)
            state.lastResponse = time
            state.waitingSince = time
            states[backend] = state
        }
    }

    /// Records the server metrics `backend` reported (in `metricNames` order); they stay until the next report.
    /// - Precondition: `values.count == metricNames.count`.
    public mutating func report<Values: Collection<Double>>(_ backend: Int, metrics values: Values) {
        precondition(values.count == metricNames.count, "expected \(metricNames.count) metrics")
        reserve(backend)
        var index = backend * metricNames.count
        for value in values {
            metrics[index] = value
            index += 1
        }
    }

    /// Writes the features of `backend` as they stand at `time`, before a request is sent.
    /// - Parameter features: at least `featureCount` values; the first `featureCount` are overwritten.
    /// - Complexity: O(1) plus the number of metrics.
    @inlinable
    public func features(_ backend: Int, at time: Double, into features: UnsafeMutableBufferPointer<Double>) {
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
        let width = metricNames.count, stride = Self.ownFeatureCount + width
        let prior = State(initialLatency: settings.initialLatency)
        states.withUnsafeBufferPointer { states in
            metrics.withUnsafeBufferPointer { metrics in
                for (row, backend) in backends.enumerated() {
                    let features = rows + row * stride
                    let state = backend < states.count ? states[backend] : prior
                    features[0] = state.logInflight
                    features[1] = state.logEWMA
                    features[2] = state.logPeak
                    features[3] = state.errorRate
                    features[Self.silenceFeature] = Self.silence(state, at: time)
                    features[Self.recentFeature] = state.logRecent
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
    @inlinable
    public static func makeIdle(_ features: UnsafeMutablePointer<Double>) {
        features[0] = 0
        features[silenceFeature] = 0
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
    public func peakLatency(_ backend: Int) -> Double {
        backend < states.count ? states[backend].peak : settings.initialLatency
    }

    /// The peak-EWMA latency (ms) decayed towards zero for the time since the last response, as Finagle
    /// reads it: a backend nobody has heard from lately looks cheaper and gets probed again.
    public func decayedPeakLatency(_ backend: Int, at time: Double) -> Double {
        guard backend < states.count, !states[backend].lastResponse.isNaN else { return settings.initialLatency }
        let state = states[backend]
        return state.peak * exp(-max(0, time - state.lastResponse) / settings.peakDecaySeconds)
    }

    /// The error-rate EWMA of `backend` (0…1).
    public func errorRate(_ backend: Int) -> Double {
        backend < states.count ? states[backend].errorRate : 0
    }

    /// When `backend` last answered, if it ever has.
    public func lastResponse(_ backend: Int) -> Double? {
        guard backend < states.count, !states[backend].lastResponse.isNaN else { return nil }
        return states[backend].lastResponse
    }

    /// The silence feature (`log1p_unanswered_ms`) of `backend` at `time`.
    /// - Complexity: O(1), one fast logarithm when requests wait.
    func silence(_ backend: Int, at time: Double) -> Double {
        backend < states.count ? Self.silence(states[backend], at: time) : 0
    }

    @inline(__always)
    private static func silence(_ state: State, at time: Double) -> Double {
        // Silence counts only while requests wait: an idle backend is not slow, and a policy that avoided a
        // backend must not then find it worse for not having heard from it. In ms, like the latencies: with
        // a server that answers in order, it is how long the request being served has taken so far. The
        // only feature that changes between events, so it is taken per decision: with the fast logarithm.
        state.inflight == 0 ? 0 : FastLog.log1p(max(0, time - state.waitingSince) * 1000)
    }

    /// How long `backend` has held requests without answering any (s); 0 when it has none in flight.
    public func unansweredTime(_ backend: Int, at time: Double) -> Double {
        guard backend < states.count, states[backend].inflight > 0 else { return 0 }
        return max(0, time - states[backend].waitingSince)
    }

    /// Whether `backend` has answered at least once.
    public func hasHistory(_ backend: Int) -> Bool {
        lastResponse(backend) != nil
    }

    /// Forgets a backend that left the pool, so its index can be reused by a newcomer that starts from the prior.
    public mutating func reset(_ backend: Int) {
        guard backend < states.count else { return }
        states[backend] = State(initialLatency: settings.initialLatency)
        for metric in 0..<metricNames.count { metrics[backend * metricNames.count + metric] = 0 }
    }

    /// The logarithm of a latency in ms, floored at 1 ns so that a zero latency has one.
    static func logLatency(_ latency: Double) -> Double {
        log(max(latency, 1e-6))
    }
}
