/// Admits a request while the latency model predicts it would finish within a target at the
/// in-flight level it would create.
///
/// The learned counterpart of `ConcurrencyLimiter`: instead of inferring a limit from latencies
/// after the fact, it asks the latency model before admitting. The caller scores the model on the
/// request's features as they stand now; the tracker's `inflight` feature counts the requests
/// already in flight, so the prediction is for the request that would be number `inflight + 1`.
/// Up to `minimumConcurrency` requests are always admitted (so the model keeps receiving answers to
/// learn from) and never more than `maximumConcurrency`.
public struct PredictedLatencyLimiter: Sendable {
    public struct Configuration: Sendable, Equatable {
        /// The latency a request should be predicted to stay under.
        public var target: Duration
        /// Requests admitted whatever the prediction.
        public var minimumConcurrency: Int
        /// Requests never exceeded whatever the prediction.
        public var maximumConcurrency: Int

        public init(target: Duration, minimumConcurrency: Int = 1, maximumConcurrency: Int = 1000) {
            self.target = target
            self.minimumConcurrency = minimumConcurrency
            self.maximumConcurrency = maximumConcurrency
        }
    }

    public let configuration: Configuration
    public private(set) var inflight = 0
    public private(set) var rejections = 0
    private let targetMilliseconds: Double

    /// - Throws: `ControlConfigurationError` for a target that is not positive or concurrency bounds
    ///   that are not `0 ≤ minimum ≤ maximum`, `maximum ≥ 1`.
    public init(_ configuration: Configuration) throws(ControlConfigurationError) {
        try ControlConfigurationError.require(configuration.target > .zero, "target", "must be positive")
        try ControlConfigurationError.require(configuration.minimumConcurrency >= 0, "minimumConcurrency", "cannot be negative")
        try ControlConfigurationError.require(
            configuration.maximumConcurrency >= max(1, configuration.minimumConcurrency), "maximumConcurrency",
            "must be at least 1 and at least minimumConcurrency")
        self.configuration = configuration
        self.targetMilliseconds = configuration.target.milliseconds
    }

    /// Admits a request at `now` unless its predicted latency (ms) is above the target.
    /// - Complexity: O(1).
    public mutating func acquire(predictedLatency: Double, at now: Double) -> LimiterDecision {
        if inflight >= configuration.maximumConcurrency {
            rejections += 1
            return .rejected(.limitReached(limit: configuration.maximumConcurrency, inflight: inflight))
        }
        // A prediction that is not a number admits nothing beyond the minimum.
        if inflight >= configuration.minimumConcurrency, !(predictedLatency <= targetMilliseconds) {
            rejections += 1
            return .rejected(.predictedLatencyAboveTarget(predicted: predictedLatency, target: targetMilliseconds))
        }
        inflight += 1
        return .admitted(LimiterPermit(admittedAt: now, inflight: inflight))
    }

    /// Ends an admitted request.
    public mutating func release(_ permit: LimiterPermit) {
        inflight = max(0, inflight - 1)
    }
}
