package import AdvisorLearning

/// A latency model `advisor train` fitted on a request trace, checked and ready to score backends.
///
/// The one wrapper of a latency model file on the request path: the predicted balancer ranks backends
/// with it, and the timeout advisor, the hedge planner and the predicted-latency limiter predict a
/// request's latency with it, all on the features of one `BackendSet`. A model reads the feature
/// tracker's own features followed by the server metrics recorded in its trace (`metricNames`); a
/// backend set that is to use it must be declared with the same metrics, which is checked when the
/// model is attached, never per request.
///
/// The models predict log-latency, so ranking backends by the linear predictor ranks them by predicted
/// latency and no exponential is taken per balancing decision.
public struct LatencyModel: Sendable {
    /// The model file's name (`latency-mean`, `latency-p99`, …), for reports and errors.
    package let name: String
    /// The model file itself.
    package let artifact: ModelArtifact
    /// The server metrics the model reads after the tracker's own features, by the names a deployment
    /// reports them under (`metric_inflight` is the reported `inflight`): what a `BackendSet` that uses
    /// the model must be declared with, in this order.
    public let metricNames: [String]
    @usableFromInline let weights: [Double]
    @usableFromInline let bias: Double

    /// Prepares a model for the features `featureNames` (normally `BackendFeatureTracker.featureNames`).
    /// - Throws: `LearningError` (`.invalidModel`) when the model's features differ from `featureNames`,
    ///   or when its link is not monotone increasing (a logistic model predicts no latency).
    package init(_ artifact: ModelArtifact, featureNames: [String]) throws(LearningError) {
        try artifact.validate(expectedFeatures: featureNames)
        guard artifact.link != .logistic else {
            throw LearningError(.invalidModel, "model \(artifact.name) is a classifier (logistic link), not a latency model")
        }
        self.name = artifact.name
        self.artifact = artifact
        self.metricNames = Self.metricNames(artifact.features)
        let scorer = LinearScorer(artifact)
        self.weights = scorer.weights
        self.bias = scorer.bias
    }

    /// Prepares a model for a tracker that keeps the server metrics the model reads (see `metricNames`).
    /// - Throws: `LearningError` (`.invalidModel`) when the model does not start with the tracker's own features.
    package init(_ artifact: ModelArtifact) throws(LearningError) {
        try self.init(artifact, featureNames: BackendFeatureTracker.featureNames(metrics: Self.metricNames(artifact.features)))
    }

    /// Loads a model file written by `advisor train` (for example `Models/latency-mean.json`).
    /// - Parameter featureNames: the features the caller computes; default: the tracker's own features followed
    ///   by whatever server metrics the model reads (see `metricNames`).
    /// - Throws: `LearningError` naming the file when it cannot be read or does not fit the features.
    package static func load(path: String, featureNames: [String]? = nil) throws(LearningError) -> LatencyModel {
        let artifact = try ModelArtifact.load(path: path, expectedFeatures: featureNames)
        do throws(LearningError) {
            if let featureNames { return try LatencyModel(artifact, featureNames: featureNames) }
            return try LatencyModel(artifact)
        } catch {
            throw LearningError(error.code, "\(path): \(error.message)")
        }
    }

    static func metricNames(_ features: [String]) -> [String] {
        let own = BackendFeatureTracker.ownFeatureNames
        return features.dropFirst(own.count).map { name in
            let bare = name.hasPrefix("metric_") ? String(name.dropFirst("metric_".count)) : name
            return own.contains(bare) ? bare : name
        }
    }

    /// Checks that the model can be scored on the features of a tracker declared with `declared` server metrics.
    /// - Parameter use: what the model is attached to, for the error message.
    /// - Throws: `ControlConfigurationError` (setting `model`) naming the metrics the model reads and those declared.
    package func requireMetrics(_ declared: [String], for use: String) throws(ControlConfigurationError) {
        guard metricNames != declared else { return }
        throw ControlConfigurationError(
            setting: "model",
            message: "\(use): \(name) reads the server metrics \(metricNames), but the backend set was declared with \(declared); "
                + "declare them with BackendSet(metricNames:) and report them with report(metrics:from:), "
                + "or train with `advisor train --metrics \"\"` for a model that reads none")
    }

    /// Number of features the model reads.
    package var featureCount: Int { weights.count }

    /// The linear predictor for one row: monotone in the predicted latency.
    /// - Complexity: O(p), no allocation.
    @inlinable
    package func score(_ features: UnsafePointer<Double>) -> Double {
        var sum = bias
        weights.withUnsafeBufferPointer { weights in
            for index in 0..<weights.count { sum += weights[index] * features[index] }
        }
        return sum
    }

    /// The predicted latency (ms) of a request to `backend` sent at `time`, on the features `tracker`
    /// keeps (the model's link applied: a log-latency model gives milliseconds).
    /// - Parameter excludingOne: score the backend as it stood before one of its requests in flight was sent
    ///   (the runtime predicts for a request its ticket has already counted).
    /// - Complexity: O(p), no allocation.
    package func latency(of backend: Int, features tracker: BackendFeatureTracker, at time: Double, excludingOne: Bool = false) -> Double {
        let eta = withUnsafeTemporaryAllocation(of: Double.self, capacity: featureCount) { row in
            tracker.writeFeatures(backend, at: time, into: row.baseAddress!)
            if excludingOne { tracker.withdrawOne(backend, from: row.baseAddress!) }
            return score(row.baseAddress!)
        }
        return artifact.link.apply(eta)
    }

    /// The predicted latency (ms) of a request to `backend` sent at `time`, as `latency(of:features:at:)` gives it,
    /// and the latency predicted for the same backend with nothing in flight (`BackendFeatureTracker.makeIdle`).
    /// - Complexity: O(p), no allocation.
    package func latencies(
        of backend: Int, features tracker: BackendFeatureTracker, at time: Double, excludingOne: Bool = false
    ) -> (current: Double, idle: Double) {
        let (current, idle) = withUnsafeTemporaryAllocation(of: Double.self, capacity: featureCount) { row in
            tracker.writeFeatures(backend, at: time, into: row.baseAddress!)
            if excludingOne { tracker.withdrawOne(backend, from: row.baseAddress!) }
            let current = score(row.baseAddress!)
            BackendFeatureTracker.makeIdle(row.baseAddress!)
            return (current, score(row.baseAddress!))
        }
        return (artifact.link.apply(current), artifact.link.apply(idle))
    }
}
