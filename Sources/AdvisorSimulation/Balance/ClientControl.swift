public import AdvisorBalancing

/// When the simulated client sends backup requests (the `stalls` scenario's rows).
public enum HedgingMode: String, CaseIterable, Codable, Sendable {
    /// No backups.
    case none
    /// A backup after the running p95 of all latencies (the training log's p95, corrected online), whatever the request,
    /// sent where the balancer would send a request with the first copy's backend set aside (Finagle's backup requests).
    case staticP95 = "static-p95"
    /// The same delay, with the backup sent to the backend for which the mean latency model predicts the lowest latency
    /// (as the predicted balancer would route it). Under the predicted balancer the two rules coincide.
    case predicted
}

/// How the simulated client limits the requests it has in flight (the `overload` scenario's rows).
public enum LimiterMode: String, CaseIterable, Codable, Sendable {
    /// Every request is sent.
    case none
    /// A fixed limit of twice the backends' slots (Σ concurrency), guessed once.
    case fixed
    /// `AIMDLimit`: a timeout cuts the limit by 10%, a success while it is at least half used raises it by one.
    case aimd
    /// `Gradient2Limit`: the limit scaled by long-term over short-term round-trip time.
    case gradient2
    /// `PredictedLatencyLimiter`, one per backend: admit while the mean latency model's prediction for the chosen backend
    /// stays within a tolerance (2×) of its prediction for the same backend with nothing in flight, and always when the
    /// backend has a free slot.
    case predicted
}

/// What the simulated client does around its balancer: backup requests and admission control.
///
/// The same runtime cores an application uses (`HedgePlanner`, `ConcurrencyLimiter`,
/// `PredictedLatencyLimiter`), driven with simulated time. Predictions are scored on the balancer
/// pool's own feature tracker, so they see exactly what the balancer sees. With hedging, the first
/// copy to answer wins and `ClusterSimulation` cancels the other, as `SharedHedgePlanner` does at
/// run time: still queued, it is never served; already in service, it runs to the end.
struct ClientControl {
    /// The hedging rule of a `stalls` row, the limiter of an `overload` row; nil elsewhere.
    var hedging: HedgingMode?
    var limiting: LimiterMode?
    /// Backups: when they go and the budget they draw on.
    var planner: HedgePlanner?
    /// The backup delay (ms) of `static-p95`.
    var staticDelay = Double.infinity
    /// The model that routes `predicted` hedging's backups.
    var backupModel: LatencyModel?
    /// The limiter of `fixed`, `aimd` and `gradient2`.
    var limiter: ConcurrencyLimiter<AdaptiveLimit>?
    /// The limiters of `predicted`, one per backend, and the model whose predictions they check.
    var predictedLimiters: [PredictedLatencyLimiter] = []
    var limitModel: LatencyModel?

    /// No control: every request sent once.
    init() {}

    /// The models and settings a scenario's control rows need.
    struct Settings {
        /// Backups allowed per request.
        var hedgeBudget = 0.05
        var staticDelay = Double.infinity
        var backupModel: LatencyModel?
        /// Simulated backends, and the requests each serves at once.
        var backends = 16
        var concurrency = 1
        /// Σ concurrency of the simulated backends.
        var slots: Int { backends * concurrency }
        /// The client's timeout (ms): a slower answer is a drop for AIMD.
        var timeoutMilliseconds = 100.0
        /// How far the predicted limiter lets the predicted latency rise over the backend's idle one, as a factor.
        var latencyTolerance = 2.0
        /// A latency (ms) the predicted limiter also keeps the prediction under, if any.
        var latencyTarget: Double?
        /// The predicted limiter's model: the scenario's mean log-latency model.
        var limitModel: LatencyModel?
    }

    init(hedging: HedgingMode, _ settings: Settings) throws {
        self.hedging = hedging
        guard hedging != .none else { return }
        // Both rules wait the same delay, the running p95 of all latencies (the training log's p95, corrected online to
        // 5% of late first copies), and draw on the same budget, so they spend the same extra load; only where the
        // backup goes differs. A delay from each request's own predicted latency was measured worse for p99.9 than one
        // delay for all (p2c, 8 slots: 4.36 ms for the request's predicted p95 against 2.87 ms, both with backups
        // routed by the model; scaling the delay by the best other backend's predicted latency over the primary's, 3.23
        // ms): a stall is not predictable when the request is sent, and a later delay for requests predicted fast
        // puts exactly the stalled ones among them in the tail. Misses come in bursts, and a correction that jumps
        // with each burst delays backups exactly when they are needed: with step 0.002 a burst of 20 late copies
        // moves the delay by 4%.
        planner = try HedgePlanner(
            HedgePlanner.Configuration(
                quantile: 0.95, maximumExtraLoad: settings.hedgeBudget, minimumDelay: .zero,
                calibration: QuantileCalibrator.Settings(step: 0.002)))
        staticDelay = settings.staticDelay
        backupModel = hedging == .predicted ? settings.backupModel : nil
        if hedging == .predicted, backupModel == nil { throw BalanceSimulationError("predicted hedging needs a latency model") }
    }

    init(limiting: LimiterMode, _ settings: Settings) throws {
        self.limiting = limiting
        let slots = settings.slots
        switch limiting {
        case .none: break
        case .fixed: limiter = ConcurrencyLimiter(.fixed(2 * slots))
        case .aimd:
            limiter = ConcurrencyLimiter(
                .aimd(
                    try AIMDLimit(
                        .init(
                            initialLimit: 2 * slots, minimumLimit: 1, maximumLimit: 20 * slots,
                            timeout: .milliseconds(settings.timeoutMilliseconds)))))
        case .gradient2:
            limiter = ConcurrencyLimiter(
                .gradient2(try Gradient2Limit(.init(initialLimit: 2 * slots, minimumLimit: max(1, slots / 2), maximumLimit: 20 * slots))))
        case .predicted:
            guard let model = settings.limitModel else { throw BalanceSimulationError("the predicted limiter needs a mean latency model") }
            limitModel = model
            // One limiter per backend, as `SharedPredictedLatencyLimiter` keeps them, each admitting a request that can start
            // at once on a free slot. The bound is relative to the backend's own idle prediction, so a slow but idle backend
            // is not refused and a fast one with a queue is; a fixed target in ms (50, half the timeout) left the admitted
            // p99 above Gradient2's under five of seven balancers. The mean model, not the p99 one: fitted on a log where
            // queues ran into the timeout, the p99 model saw p99s pinned at the timeout whatever the queue, and its weight
            // on log1p_inflight (0.09, the mean model's 0.52) let almost any queue pass a tolerance of 2 (p99 under
            // p2c 62 ms, Gradient2's 23).
            let limiter = try PredictedLatencyLimiter(
                .init(
                    tolerance: settings.latencyTolerance, target: settings.latencyTarget.map { .milliseconds($0) },
                    minimumConcurrency: settings.concurrency, maximumConcurrency: 20 * settings.concurrency))
            predictedLimiters = Array(repeating: limiter, count: settings.backends)
        }
    }
}
