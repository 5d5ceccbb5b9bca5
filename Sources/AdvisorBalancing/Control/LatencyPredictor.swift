public import AdvisorLearning

/// A latency model scored on the features a `BackendFeatureTracker` keeps: the prediction source of
/// the runtime timeout advisor, hedge planner and predicted-latency limiter.
///
/// The model must be one `advisor train` wrote for a request trace: its features are the tracker's
/// own features, in order, followed by the server metrics recorded in the trace, which the caller
/// reports with each request in the same order. Predictions are in the model's unit (ms).
public struct LatencyPredictor: Sendable {
    /// The features, updated by `started` and `completed`.
    public private(set) var tracker = BackendFeatureTracker()
    /// The model's name, for reports.
    public let name: String
    /// Server metrics the model expects after the tracker's features, by name.
    public let metricNames: [String]
    private let scorer: LinearScorer

    /// Prepares a model.
    /// - Throws: `LearningError` (`.invalidModel`) when the file is invalid, is a classifier, or its
    ///   features do not begin with the tracker's own features (the checks `LatencyModel` makes).
    public init(model: ModelArtifact) throws(LearningError) {
        let checked = try LatencyModel(model)
        self.name = checked.name
        self.metricNames = checked.metricNames
        self.scorer = LinearScorer(model)
    }

    /// The predicted latency (ms) of a request to `backend` sent at `now`, with the backend's latest
    /// server metrics (one per `metricNames`, in order).
    /// - Complexity: O(features), no allocation.
    public func predict(backend: Int, metrics: [Double] = [], at now: Double) -> Double {
        precondition(metrics.count == metricNames.count, "the model expects \(metricNames.count) server metrics \(metricNames)")
        let own = BackendFeatureTracker.ownFeatureCount
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: own + metrics.count) { row in
            tracker.features(backend, at: now, into: UnsafeMutableBufferPointer(rebasing: row[0..<own]))
            for (index, value) in metrics.enumerated() { row[own + index] = value }
            return scorer.predict(UnsafeBufferPointer(row))
        }
    }

    /// The predicted latency (ms) of a request to `backend` sent at `now`, as `predict` gives it, and the latency
    /// predicted for the same backend with nothing in flight (`BackendFeatureTracker.makeIdle`).
    /// - Complexity: O(features), no allocation.
    public func predictWithIdle(backend: Int, metrics: [Double] = [], at now: Double) -> (current: Double, idle: Double) {
        precondition(metrics.count == metricNames.count, "the model expects \(metricNames.count) server metrics \(metricNames)")
        let own = BackendFeatureTracker.ownFeatureCount
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: own + metrics.count) { row in
            tracker.features(backend, at: now, into: UnsafeMutableBufferPointer(rebasing: row[0..<own]))
            for (index, value) in metrics.enumerated() { row[own + index] = value }
            let current = scorer.predict(UnsafeBufferPointer(row))
            BackendFeatureTracker.makeIdle(row.baseAddress!)
            return (current, scorer.predict(UnsafeBufferPointer(row)))
        }
    }

    /// Notes that a request was sent to `backend` at `now`.
    public mutating func started(backend: Int, at now: Double) {
        tracker.requestStarted(backend, at: now)
    }

    /// Notes that a request to `backend` ended at `now` after `latency` (ms).
    public mutating func completed(backend: Int, latency: Double, failed: Bool, at now: Double) {
        tracker.requestCompleted(backend, latency: latency, failed: failed, at: now)
    }
}
