/// Admits a request to one backend while the latency model predicts it would finish within a
/// tolerance of what the same backend would take with nothing in flight.
///
/// The learned counterpart of `ConcurrencyLimiter`: instead of inferring a limit from latencies
/// after the fact, it asks the latency model before admitting. The caller scores the model twice on
/// the chosen backend's features as they stand now: as they are (the tracker's `inflight` feature
/// counts the requests already in flight, so the prediction is for the request that would be
/// number `inflight + 1`) and with the features of the queue set to what an idle backend shows
/// (`BackendFeatureTracker.makeIdle`). The ratio of the two is the queueing the model expects
/// the request to add, whatever the backend's own speed: a slow but idle backend is not refused and
/// a fast one with a queue is, where one fixed target in milliseconds refuses the first and admits
/// the second. An optional `target` also caps the prediction itself.
///
/// One limiter serves one backend (`SharedPredictedLatencyLimiter` keeps one per backend). Up to
/// `minimumConcurrency` requests are always admitted (the ones that can start at once on a free
/// slot, and so the model keeps receiving answers to learn from) and never more than
/// `maximumConcurrency`.
package struct PredictedLatencyLimiter: Sendable {
    package struct Configuration: Sendable, Equatable {
        /// How far, as a factor, a request's predicted latency may exceed the latency predicted for the
        /// backend with nothing in flight (Gradient2 lets latency rise by its tolerance, 1.5 by default,
        /// before it cuts the limit).
        package var tolerance: Double
        /// A latency the prediction must also stay under; nil for none.
        package var target: Duration?
        /// Requests admitted whatever the prediction: the backend's slots.
        package var minimumConcurrency: Int
        /// Requests never exceeded whatever the prediction.
        package var maximumConcurrency: Int

        package init(tolerance: Double = 2, target: Duration? = nil, minimumConcurrency: Int = 1, maximumConcurrency: Int = 1000) {
            self.tolerance = tolerance
            self.target = target
            self.minimumConcurrency = minimumConcurrency
            self.maximumConcurrency = maximumConcurrency
        }
    }

    package let configuration: Configuration
    package private(set) var inflight = 0
    package private(set) var rejections = 0
    private let targetMilliseconds: Double

    /// - Throws: `ControlConfigurationError` for a tolerance below 1, a target that is not positive, or
    ///   concurrency bounds that are not `0 ≤ minimum ≤ maximum`, `maximum ≥ 1`.
    package init(_ configuration: Configuration) throws(ControlConfigurationError) {
        try ControlConfigurationError.require(
            configuration.tolerance >= 1 && configuration.tolerance.isFinite, "tolerance",
            "must be a number ≥ 1, not \(configuration.tolerance)")
        if let target = configuration.target { try ControlConfigurationError.require(target > .zero, "target", "must be positive") }
        try ControlConfigurationError.require(configuration.minimumConcurrency >= 0, "minimumConcurrency", "cannot be negative")
        try ControlConfigurationError.require(
            configuration.maximumConcurrency >= max(1, configuration.minimumConcurrency), "maximumConcurrency",
            "must be at least 1 and at least minimumConcurrency")
        self.configuration = configuration
        self.targetMilliseconds = configuration.target?.milliseconds ?? .infinity
    }

    /// Admits a request at `now` unless its predicted latency (ms) is above `tolerance × idleLatency` or the target.
    /// - Parameters:
    ///   - predictedLatency: the model's prediction for the request on the backend as it stands.
    ///   - idleLatency: the model's prediction for the same backend with nothing in flight.
    /// - Complexity: O(1).
    package mutating func acquire(predictedLatency: Double, idleLatency: Double, at now: Double) -> LimiterDecision {
        if inflight >= configuration.maximumConcurrency {
            rejections += 1
            return .rejected(.limitReached(limit: configuration.maximumConcurrency, inflight: inflight))
        }
        let bound = min(configuration.tolerance * idleLatency, targetMilliseconds)
        // A prediction that is not a number admits nothing beyond the minimum.
        if inflight >= configuration.minimumConcurrency, !(predictedLatency <= bound) {
            rejections += 1
            return .rejected(.predictedLatencyAboveTarget(predicted: predictedLatency, target: bound))
        }
        inflight += 1
        return .admitted(LimiterPermit(admittedAt: now, inflight: inflight))
    }

    /// Ends an admitted request.
    package mutating func release(_ permit: LimiterPermit) {
        inflight = max(0, inflight - 1)
    }
}
