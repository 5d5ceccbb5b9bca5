public import AdvisorCache
public import AdvisorLearning
import Foundation

/// Fits the access-trace models: time to next access (ridge) and reuse within a window (logistic).
///
/// The trace is replayed through `AccessFeatureTracker`, the runtime's own feature code, to build
/// one row per request. Labels look ahead in the trace, but a training row sees only the training
/// part: a row whose label would need hold-out requests is left out rather than guessed.
public enum AccessTrainer {
    public struct Options: Sendable {
        /// Fraction of the requests, at the end, held out for scoring.
        public var holdoutFraction = 0.2
        /// Requests within which a reuse counts as "soon"; default: a twentieth of the training part, in [100, 100000].
        public var reuseWindow: Int?
        /// Ridge penalty; chosen by time-ordered cross-validation when nil.
        public var alpha: Double?
        /// Logistic penalty on standardized features.
        public var logisticAlpha = 1.0

        public init() {}
    }

    /// Replays, labels, fits and scores.
    /// - Returns: the fitted models (not yet written) and the report.
    public static func train(
        _ trace: AccessTrace, source: TrainingSource, options: Options, progress: ProgressHandler? = nil
    ) throws(LearningError) -> (models: [TrainedModel], report: TrainingReport) {
        let n = trace.count
        let split = trainingCount(rows: n, holdoutFraction: options.holdoutFraction)
        guard split >= 2, split < n else {
            throw LearningError(.tooFewRows, "\(n) requests are too few to split into training and hold-out parts")
        }
        let window = options.reuseWindow ?? min(100_000, max(100, split / 20))
        let horizon = 4 * window
        let names = AccessFeatureTracker<UInt64>.featureNames
        let p = names.count
        progress?("replaying \(n) requests through the access feature tracker")
        let features = replay(trace, featureCount: p)
        let next = nextAccess(trace.ids)

        var gapTrain = Dataset(featureCount: p), gapHoldout = Dataset(featureCount: p)
        var reuseTrain = Dataset(featureCount: p), reuseHoldout = Dataset(featureCount: p)
        for row in 0..<n {
            let visibleEnd = row < split ? split : n
            let known = next[row] < visibleEnd ? next[row] - row : nil
            let x = features[(row * p)..<((row + 1) * p)]
            var gapLabel: Double?
            if let known { gapLabel = log1p(Double(min(known, horizon))) } else if visibleEnd - row >= horizon { gapLabel = log1p(Double(horizon)) }
            if let gapLabel {
                if row < split { gapTrain.append(features: x, target: gapLabel) } else { gapHoldout.append(features: x, target: gapLabel) }
            }
            var reuseLabel: Double?
            if let known { reuseLabel = known <= window ? 1 : 0 } else if visibleEnd - row > window { reuseLabel = 0 }
            if let reuseLabel {
                if row < split { reuseTrain.append(features: x, target: reuseLabel) } else { reuseHoldout.append(features: x, target: reuseLabel) }
            }
        }
        let training = { (rows: Int) in
            ModelArtifact.TrainingData(
                source: source.path, fingerprint: source.fingerprint, rows: rows,
                timeRange: trace.timestamps.map { [$0[0], $0[split - 1]] }, split: "first \(split) of \(n) requests")
        }

        progress?("fitting time to next access on \(gapTrain.rowCount) rows")
        let (gapFit, gapSeconds) = try timed { () throws(LearningError) in try RidgeRegression.fit(gapTrain, alpha: options.alpha) }
        let gapPredictions = predictions(gapFit.model, gapHoldout)
        let meanGap = gapTrain.targets.reduce(0, +) / Double(gapTrain.rowCount)
        let gapArtifact = ModelArtifact(
            name: "access-next-gap", kind: .ridge, target: "log1p_next_access_gap", link: .expm1, alpha: gapFit.alpha, features: names,
            model: gapFit.model, training: training(gapTrain.rowCount),
            holdout: ModelArtifact.Evaluation(
                rows: gapHoldout.rowCount, metrics: Metrics.regression(actual: gapHoldout.targets, predicted: gapPredictions),
                baseline: "training mean", baselineMetrics: Metrics.regression(actual: gapHoldout.targets, predicted: .init(repeating: meanGap, count: gapHoldout.rowCount))))

        progress?("fitting reuse within \(window) requests on \(reuseTrain.rowCount) rows")
        let (reuseModel, reuseSeconds) = try timed { () throws(LearningError) in try LogisticRegression.fit(reuseTrain, alpha: options.logisticAlpha) }
        let probabilities = predictions(reuseModel, reuseHoldout).map(LogisticRegression.sigmoid)
        let baseRate = reuseTrain.targets.reduce(0, +) / Double(reuseTrain.rowCount)
        let reuseArtifact = ModelArtifact(
            name: "access-reuse", kind: .logistic, target: "reused_within_\(window)_requests", link: .logistic, alpha: options.logisticAlpha,
            features: names, model: reuseModel, training: training(reuseTrain.rowCount),
            holdout: ModelArtifact.Evaluation(
                rows: reuseHoldout.rowCount, metrics: Metrics.classification(labels: reuseHoldout.targets, probabilities: probabilities),
                baseline: "training base rate", baselineMetrics: Metrics.classification(labels: reuseHoldout.targets, probabilities: .init(repeating: baseRate, count: reuseHoldout.rowCount))))

        let trained = [TrainedModel(artifact: gapArtifact, fitSeconds: gapSeconds), TrainedModel(artifact: reuseArtifact, fitSeconds: reuseSeconds)]
        let notes = [
            "features come from the runtime AccessFeatureTracker; time is counted in requests",
            "time to next access is capped at \(horizon) requests; reuse window \(window) requests",
            "training labels use only the first \(split) requests; rows whose label needs later requests are left out",
        ]
        let report = TrainingReport(kind: .access, source: source.path, rows: n, trainRows: split, features: names, notes: notes, trained: trained)
        return (trained, report)
    }

    /// Feature rows, row-major, one per request, through the runtime tracker.
    static func replay(_ trace: AccessTrace, featureCount p: Int) -> [Double] {
        var tracker = AccessFeatureTracker<UInt64>()
        return [Double](unsafeUninitializedCapacity: trace.count * p) { buffer, initialized in
            for row in 0..<trace.count {
                tracker.record(
                    trace.keys[Int(trace.ids[row])], size: Double(trace.sizes[row]), isWrite: trace.writes?[row] ?? false,
                    into: UnsafeMutableBufferPointer(rebasing: buffer[(row * p)..<((row + 1) * p)]))
            }
            initialized = trace.count * p
        }
    }

    /// For each request, the index of the next request for the same object, or `Int.max`.
    static func nextAccess(_ keys: [ObjectID]) -> [Int] {
        var next = [Int](repeating: .max, count: keys.count)
        var seen: [ObjectID: Int] = [:]
        seen.reserveCapacity(keys.count / 2)
        for index in keys.indices.reversed() {
            if let later = seen[keys[index]] { next[index] = later }
            seen[keys[index]] = index
        }
        return next
    }
}

/// Linear predictors of a model on every row of a dataset.
func predictions(_ model: LinearModel, _ data: Dataset) -> [Double] {
    (0..<data.rowCount).map { row in model.linearPredictor(data.features[(row * data.featureCount)..<((row + 1) * data.featureCount)]) }
}
