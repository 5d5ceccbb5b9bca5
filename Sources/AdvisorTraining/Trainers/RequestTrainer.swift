import AdvisorBalancing
public import AdvisorLearning
import AdvisorSupport
public import AdvisorTraces
import Foundation
import HeapModule

/// Fits the request-trace models: mean log-latency (ridge) and latency quantiles (p50/p95/p99 by default).
///
/// The trace is replayed through `BackendFeatureTracker`, the runtime balancer's own feature code:
/// each request starts at its send time and completes at send time + latency, so a feature only
/// ever reflects answers that had arrived when the request was sent. Server metrics recorded in
/// the trace's other numeric columns are appended as features.
public enum RequestTrainer {
    public struct Options: Sendable {
        /// Fraction of the requests, at the end, held out for scoring.
        public var holdoutFraction = 0.2
        /// Ridge penalty for the mean model; chosen by time-ordered cross-validation when nil.
        public var alpha: Double?
        /// The latency quantiles to model.
        public var quantiles: [Double] = [0.5, 0.95, 0.99]
        /// Fit the quantile models on at most this many of the latest training rows (all when nil): their
        /// linear program grows faster than the ridge fit with the row count.
        public var quantileRows: Int?

        public init() {}
    }

    /// Replays, fits and scores.
    public static func train(
        _ trace: RequestTrace, source: TrainingSource, options: Options, progress: ProgressHandler? = nil
    ) throws(LearningError) -> (models: [TrainedModel], report: TrainingReport) {
        let n = trace.count
        let split = try trainingSplit(rows: n, holdoutFraction: options.holdoutFraction)
        // Recorded server metrics are reported to the tracker as a deployment would report them.
        let names = BackendFeatureTracker.featureNames(metrics: trace.metricNames)
        progress?("replaying \(n) requests through the backend feature tracker")
        let (rows, ewmaBaseline) = replay(trace)
        // A zero latency has no logarithm; a microsecond floor keeps such rows without distorting the rest.
        let logLatency = trace.latencies.map { log(max($0, 1e-3)) }
        let all = try Dataset(featureCount: names.count, features: rows, targets: logLatency)
        let train = all.rows(0..<split)
        let holdout = all.rows(split..<n)
        let actual = Array(trace.latencies[split...])
        let training = ModelArtifact.TrainingData(
            source: source.path, fingerprint: source.fingerprint, rows: split,
            timeRange: [trace.timestamps[0], trace.timestamps[split - 1]],
            split: "first \(split) of \(n) requests by send time")

        progress?("fitting mean log-latency on \(split) rows")
        let ((fitted, heldAtZero), meanSeconds) = try timed { () throws(LearningError) in
            try fitMean(train, names: names, alpha: options.alpha)
        }
        var mean = fitted
        mean.model.intercept += log(millisecondScale(mean.model, train, actual: trace.latencies[0..<split]))
        let meanPredicted = predictions(mean.model, holdout).map(exp)
        var trained = [
            TrainedModel(
                artifact: ModelArtifact(
                    name: "latency-mean", kind: .ridge, target: "log_latency_ms", link: .exp, alpha: mean.alpha, features: names,
                    model: mean.model, training: training,
                    holdout: ModelArtifact.Evaluation(
                        rows: n - split, metrics: Metrics.regression(actual: actual, predicted: meanPredicted),
                        baseline: "EWMA of the backend's latency (weight 0.2) at send time",
                        baselineMetrics: Metrics.regression(actual: actual, predicted: Array(ewmaBaseline[split...])))),
                fitSeconds: meanSeconds)
        ]
        let sortedTrain = train.targets.sorted()
        let quantileTrain = options.quantileRows.map { train.rows(max(0, split - $0)..<split) } ?? train
        var quantileTraining = training
        if quantileTrain.rowCount < split {
            let first = split - quantileTrain.rowCount
            quantileTraining.rows = quantileTrain.rowCount
            quantileTraining.timeRange = [trace.timestamps[first], trace.timestamps[split - 1]]
            quantileTraining.split =
                "requests \(first + 1)…\(split) of \(n) by send time (the latest \(quantileTrain.rowCount) before the hold-out)"
        }
        for tau in options.quantiles {
            progress?("fitting latency quantile \(tau) on \(quantileTrain.rowCount) rows")
            let (model, seconds) = try timed { () throws(LearningError) in try QuantileRegression.fit(quantileTrain, quantile: tau) }
            let unconditional = exp(EmpiricalQuantile.value(tau, sorted: sortedTrain))
            trained.append(
                TrainedModel(
                    artifact: ModelArtifact(
                        name: "latency-p\(RequestModels.percentileName(tau))", kind: .quantile, target: "log_latency_ms", link: .exp,
                        quantile: tau, alpha: 0,
                        features: names, model: model, training: quantileTraining,
                        holdout: ModelArtifact.Evaluation(
                            rows: n - split,
                            metrics: quantileMetrics(trace, from: split, raw: predictions(model, holdout).map(exp), quantile: tau),
                            baseline: "training quantile of all latencies",
                            baselineMetrics: Metrics.quantile(
                                actual: actual, predicted: .init(repeating: unconditional, count: n - split), quantile: tau))),
                    fitSeconds: seconds))
        }
        var notes = [
            "features come from the runtime BackendFeatureTracker (completions replayed at send time + latency) plus \(trace.metricNames.count) recorded server metrics",
            "\(trace.backendNames.count) backends; latency metrics are in ms on the hold-out (last \(n - split) requests)",
        ]
        if trace.wasSorted { notes.append("the file was not in time order; requests were sorted by timestamp") }
        if !heldAtZero.isEmpty {
            notes.append(
                "latency-mean: \(heldAtZero.joined(separator: ", ")) came out with a negative weight (latency falling as it grows) and is held at 0"
            )
        }
        let report = TrainingReport(
            kind: .request, source: source.path, rows: n, trainRows: split, features: names, notes: notes, trained: trained)
        return (trained, report)
    }

    /// The mean log-latency ridge fit, with every weight in `BackendFeatureTracker.nonDecreasingFeatureNames` kept ≥ 0.
    ///
    /// Sign-constrained by elimination: while a constrained weight is negative, the most negative one's
    /// column is made constant (so the fit gives it weight 0) and the fit is repeated.
    /// - Returns: the fit and the features held at zero.
    static func fitMean(_ train: Dataset, names: [String], alpha: Double?) throws(LearningError) -> (RidgeRegression.Selection, [String]) {
        let constrained = BackendFeatureTracker.nonDecreasingFeatureNames.compactMap { names.firstIndex(of: $0) }
        var data = train
        var heldAtZero: [String] = []
        while true {
            let fit = try RidgeRegression.fit(data, alpha: alpha)
            let negative = constrained.filter { fit.model.coefficients[$0] < 0 }
            guard let worst = negative.min(by: { fit.model.coefficients[$0] < fit.model.coefficients[$1] }) else {
                return (fit, heldAtZero)
            }
            heldAtZero.append(names[worst])
            var features = data.features
            for row in 0..<data.rowCount { features[row * data.featureCount + worst] = 0 }
            data = try Dataset(featureCount: data.featureCount, features: features, targets: data.targets, weights: data.weights)
        }
    }

    /// The factor on a log-latency model's exp(prediction) that fits the training latencies best in ms (least squares).
    ///
    /// The mean model is fitted on log latency, where queueing and slow periods act as factors and one slow answer
    /// does not swamp the fit; exp of its prediction is then near the conditional *median*, which on latencies with
    /// a long tail sits well below the mean, and R² in ms (what the hold-out reports, and where EWMA, a mean, is
    /// strong) suffers. One scale, fitted in ms on the training rows (Σ y·p / Σ p²), turns it into a mean estimate.
    /// It only adds a constant to the linear predictor, so the balancer's ranking and the limiter's ratio of
    /// predictions do not change. When the scale cannot be taken (no finite positive predictions), it is 1.
    static func millisecondScale(_ model: LinearModel, _ train: Dataset, actual: ArraySlice<Double>) -> Double {
        var crossed = 0.0
        var squared = 0.0
        for (predictor, latency) in zip(predictions(model, train), actual) {
            let predicted = exp(predictor)
            guard predicted.isFinite, latency.isFinite else { continue }
            crossed += latency * predicted
            squared += predicted * predicted
        }
        let scale = crossed / squared
        return scale.isFinite && scale > 0 ? scale : 1
    }

    /// The hold-out's calibration step. The runtime's default (0.2) suits rare miss rates, where one miss is a large
    /// share of the expected count. At a median every outcome moves the correction, and when answers come back seconds
    /// after the predictions they correct (the Alibaba GenAI log) a step of 0.2 overshoots and swings: its p50 hold-out
    /// pinball was 47,150 against the raw model's 1,858 (3,455 with this step).
    static let calibrationSettings = QuantileCalibrator.Settings(step: 0.05)

    /// Pinball loss and coverage of a quantile model on the hold-out, raw and with online calibration
    /// (`calibrated_pinball`, `calibrated_coverage`): the runtime's own `QuantileCalibrator` (what `TimeoutAdvisor` and
    /// `HedgePlanner` apply) with `calibrationSettings`, learnt only from hold-out answers that had arrived when each
    /// request was sent.
    static func quantileMetrics(_ trace: RequestTrace, from split: Int, raw: [Double], quantile tau: Double) -> [String: Double] {
        let actual = Array(trace.latencies[split...])
        // τ lies in (0, 1), checked when the model was fitted, so the calibrator cannot fail to build.
        var calibration = try! QuantileCalibrator(missRate: 1 - tau, settings: calibrationSettings)
        var pending = Heap<Completion>()
        var calibrated: [Double] = []
        calibrated.reserveCapacity(raw.count)
        for request in split..<trace.count {
            let now = trace.timestamps[request]
            while let first = pending.min, first.time <= now {
                let done = pending.removeMin().request
                calibration.record(missed: trace.latencies[done] > calibrated[done - split])
            }
            calibrated.append(calibration.corrected(raw[request - split]))
            pending.insert(Completion(time: now + trace.latencies[request] / 1000, request: request))
        }
        var metrics = Metrics.quantile(actual: actual, predicted: raw, quantile: tau)
        for (name, value) in Metrics.quantile(actual: actual, predicted: calibrated, quantile: tau) {
            metrics["calibrated_\(name)"] = value
        }
        return metrics
    }

    /// A request's answer, due at `time`: replayed in time order (ties by request) so features see only earlier answers.
    struct Completion: Comparable {
        var time: Double
        var request: Int
        static func < (a: Self, b: Self) -> Bool { (a.time, a.request) < (b.time, b.request) }
    }

    /// Feature rows (own features then recorded metrics) and the EWMA baseline, one per request, in send order.
    package static func replay(_ trace: RequestTrace) -> (features: [Double], ewma: [Double]) {
        let metricCount = trace.metricNames.count
        var tracker = BackendFeatureTracker(metricNames: trace.metricNames)
        let width = tracker.featureCount
        var pending = Heap<Completion>()
        var features = [Double](repeating: 0, count: trace.count * width)
        var ewma = [Double](repeating: 0, count: trace.count)
        var fallback = trace.latencies.first ?? 1
        var answered = 0.0
        var logSum = 0.0
        features.withUnsafeMutableBufferPointer { buffer in
            for request in 0..<trace.count {
                let now = trace.timestamps[request]
                while let first = pending.min, first.time <= now {
                    let done = pending.removeMin().request
                    tracker.requestCompleted(
                        trace.backends[done], latency: trace.latencies[done], failed: trace.failed[done], at: first.time)
                    answered += 1
                    logSum += log(max(trace.latencies[done], 1e-3))
                    fallback = exp(logSum / answered)
                }
                let backend = trace.backends[request]
                if metricCount > 0 {
                    tracker.report(backend, metrics: trace.metrics[(request * metricCount)..<((request + 1) * metricCount)])
                }
                tracker.features(
                    backend, at: now, into: UnsafeMutableBufferPointer(rebasing: buffer[(request * width)..<((request + 1) * width)]))
                // Before a backend has answered, the naive baseline uses the geometric mean of all answers so far.
                ewma[request] = tracker.hasHistory(backend) ? tracker.ewmaLatency(backend) : fallback
                tracker.requestStarted(backend, at: now)
                pending.insert(Completion(time: now + trace.latencies[request] / 1000, request: request))
            }
        }
        return (features, ewma)
    }
}
