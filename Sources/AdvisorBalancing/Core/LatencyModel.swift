public import AdvisorLearning

/// A fitted latency model ready to score backends: a model file checked against the features the
/// pool's tracker computes, folded into raw-scale weights.
///
/// Any model `advisor train` writes for a request trace fits (`latency-mean`, `latency-p99`, …):
/// they predict log-latency, so ranking backends by the linear predictor ranks them by predicted
/// latency, and no exponential is taken per decision.
public struct LatencyModel: Sendable {
    /// The model file's name (for reports).
    public let name: String
    /// The model file itself.
    public let artifact: ModelArtifact
    @usableFromInline let weights: [Double]
    @usableFromInline let bias: Double

    /// Prepares a model for the features `featureNames` (normally `BackendFeatureTracker.featureNames`).
    /// - Throws: `LearningError` (`.invalidModel`) when the model's features differ from `featureNames`,
    ///   or when its link is not monotone increasing (a logistic model predicts no latency).
    public init(_ artifact: ModelArtifact, featureNames: [String]) throws(LearningError) {
        try artifact.validate(expectedFeatures: featureNames)
        guard artifact.link != .logistic else {
            throw LearningError(.invalidModel, "model \(artifact.name) is a classifier (logistic link), not a latency model")
        }
        self.name = artifact.name
        self.artifact = artifact
        let scorer = LinearScorer(artifact)
        self.weights = scorer.weights
        self.bias = scorer.bias
    }

    /// Prepares a model for a tracker that keeps the server metrics the model reads (see `metricNames`).
    /// - Throws: `LearningError` (`.invalidModel`) when the model does not start with the tracker's own features.
    public init(_ artifact: ModelArtifact) throws(LearningError) {
        try self.init(artifact, featureNames: BackendFeatureTracker.featureNames(metrics: Self.metricNames(artifact.features)))
    }

    /// Loads a model file written by `advisor train` (for example `Models/latency-mean.json`).
    /// - Parameter featureNames: the features the caller computes; default: the tracker's own features followed
    ///   by whatever server metrics the model reads (see `metricNames`).
    /// - Throws: `LearningError` naming the file when it cannot be read or does not fit the features.
    public static func load(path: String, featureNames: [String]? = nil) throws(LearningError) -> LatencyModel {
        let artifact = try ModelArtifact.load(path: path, expectedFeatures: featureNames)
        do throws(LearningError) {
            if let featureNames { return try LatencyModel(artifact, featureNames: featureNames) }
            return try LatencyModel(artifact)
        } catch {
            throw LearningError(error.code, "\(path): \(error.message)")
        }
    }

    /// The server metrics the model reads after the tracker's own features, by the names a deployment
    /// reports them under (`metric_inflight` is the reported `inflight`): what a `BackendFeatureTracker`
    /// for this model must be created with.
    public var metricNames: [String] { Self.metricNames(artifact.features) }

    static func metricNames(_ features: [String]) -> [String] {
        let own = BackendFeatureTracker.ownFeatureNames
        return features.dropFirst(own.count).map { name in
            let bare = name.hasPrefix("metric_") ? String(name.dropFirst("metric_".count)) : name
            return own.contains(bare) ? bare : name
        }
    }

    /// Number of features the model reads.
    public var featureCount: Int { weights.count }

    /// The linear predictor for one row: monotone in the predicted latency.
    /// - Complexity: O(p), no allocation.
    @inlinable
    public func score(_ features: UnsafePointer<Double>) -> Double {
        var sum = bias
        weights.withUnsafeBufferPointer { weights in
            for index in 0..<weights.count { sum += weights[index] * features[index] }
        }
        return sum
    }

    /// The predicted latency (ms) of a request to `backend` sent at `time`, on the features `tracker`
    /// keeps (the model's link applied: a log-latency model gives milliseconds).
    /// - Complexity: O(p), no allocation.
    public func latency(of backend: Int, features tracker: BackendFeatureTracker, at time: Double) -> Double {
        let eta = withUnsafeTemporaryAllocation(of: Double.self, capacity: featureCount) { row in
            tracker.writeFeatures(backend, at: time, into: row.baseAddress!)
            return score(row.baseAddress!)
        }
        return artifact.link.apply(eta)
    }

    /// The predicted latency (ms) of a request to `backend` sent at `time`, as `latency(of:features:at:)` gives it,
    /// and the latency predicted for the same backend with nothing in flight (`BackendFeatureTracker.makeIdle`).
    /// - Complexity: O(p), no allocation.
    public func latencies(of backend: Int, features tracker: BackendFeatureTracker, at time: Double) -> (current: Double, idle: Double) {
        let (current, idle) = withUnsafeTemporaryAllocation(of: Double.self, capacity: featureCount) { row in
            tracker.writeFeatures(backend, at: time, into: row.baseAddress!)
            let current = score(row.baseAddress!)
            BackendFeatureTracker.makeIdle(row.baseAddress!)
            return (current, score(row.baseAddress!))
        }
        return (artifact.link.apply(current), artifact.link.apply(idle))
    }
}
