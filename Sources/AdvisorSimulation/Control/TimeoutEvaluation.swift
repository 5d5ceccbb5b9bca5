public import AdvisorBalancing
public import AdvisorLearning
import AdvisorSupport
public import AdvisorTraces
public import AdvisorTraining
import Foundation
import HeapModule

/// Measures the timeout advisor against static percentile timeouts on the later part of a request trace.
///
/// The latency quantile models are fitted by `RequestTrainer` (the code `advisor train` runs) on the
/// earlier part, by send time; the features of every request come from its replay through the
/// runtime `BackendFeatureTracker`. The advisor then runs over the whole trace in send order, as it
/// would in production: each request gets `TimeoutAdvisor.timeout(predicted:)`, and its outcome
/// reaches the calibrator when it is known (at send time + latency if it answered in time, at send
/// time + timeout if it timed out). Only hold-out requests are scored; the calibrator's pass over the
/// training part is its warm-up, with in-sample predictions, and it never sees a hold-out outcome
/// before that outcome would have happened.
public enum TimeoutEvaluation {
    public struct Options: Sendable {
        /// Accepted false-timeout rates to evaluate.
        public var targets: [Double] = [0.01, 0.001]
        /// Fraction of the requests, at the end, held out for scoring.
        public var holdoutFraction = 0.2
        /// The advisor's floor and ceiling.
        public var floor: Duration = .zero
        public var ceiling: Duration = .seconds(3600)
        /// The online correction; `nil` scores the model's quantile as it is.
        package var calibration: QuantileCalibrator.Settings? = QuantileCalibrator.Settings()
        /// The fitted quantile is `1 − target`, lowered if needed so that at least this many training
        /// latencies lie above it: a linear quantile fit at the p99.9 of 20,000 rows rests on 20 points,
        /// too few for a dozen coefficients, and the calibrator carries the rest of the way. 0 fits `1 − target` exactly.
        public var minimumExceedances = 100

        public init() {}
    }

    /// What one timeout rule did on the hold-out.
    public struct Outcome: Codable, Sendable, Equatable {
        /// Hold-out requests whose latency exceeded their timeout.
        public var falseTimeouts: Int
        /// `falseTimeouts` over the hold-out requests.
        public var rate: Double
        /// Mean timeout given (ms).
        public var meanTimeout: Double
    }

    /// The advisor and its baselines for one target rate.
    public struct TargetResult: Codable, Sendable {
        public var targetRate: Double
        /// The quantile the model was fitted for.
        public var modelQuantile: Double
        /// The calibrated advisor (the runtime `TimeoutAdvisor`).
        public var advisor: Outcome
        /// The model's quantile with no correction, floor and ceiling applied.
        public var uncalibrated: Outcome
        /// One timeout for all: the `1 − target` quantile of the training latencies.
        public var staticTraining: Outcome
        /// Per backend: the `1 − target` quantile of that backend's training latencies.
        public var perBackendTraining: Outcome
        /// The static timeout that gives the advisor's realised rate on the hold-out (chosen with the
        /// hold-out's own latencies, so the best any single timeout could do at that rate).
        public var staticAtAdvisorRate: Outcome
        /// `advisor.rate / targetRate − 1`.
        public var rateError: Double
        /// `1 − advisor.meanTimeout / staticAtAdvisorRate.meanTimeout`.
        public var reductionAtSameRate: Double
        /// The calibrator's correction factor at the end of the trace.
        public var finalCorrection: Double
    }

    public struct Report: Codable, Sendable {
        public var source: String
        public var rows: Int
        public var trainRows: Int
        public var holdoutRows: Int
        public var backends: Int
        public var features: [String]
        public var calibrationStep: Double?
        public var results: [TargetResult]
        public var notes: [String]
    }

    /// Fits, replays and scores.
    /// - Throws: `LearningError` when the trace is too short to split or a fit fails, or for a target outside (0, 1).
    public static func evaluate(
        _ trace: RequestTrace, source: TrainingSource, options: Options, progress: ProgressHandler? = nil
    ) throws(LearningError) -> Report {
        for target in options.targets where !(target > 0 && target < 1) {
            throw LearningError(.invalidArgument, "a target false-timeout rate must lie strictly between 0 and 1, not \(target)")
        }
        let n = trace.count
        let split = trainingCount(rows: n, holdoutFraction: options.holdoutFraction)
        let modelQuantiles = options.targets.map {
            modelQuantile(target: $0, trainRows: split, minimumExceedances: options.minimumExceedances)
        }
        var trainerOptions = RequestTrainer.Options()
        trainerOptions.holdoutFraction = options.holdoutFraction
        trainerOptions.quantiles = Array(Set(modelQuantiles)).sorted()
        let (models, report) = try RequestTrainer.train(trace, source: source, options: trainerOptions, progress: progress)
        progress?("replaying \(n) requests for the advisor")
        let features = RequestTrainer.replay(trace).features
        let width = report.features.count
        var results: [TargetResult] = []
        for (target, tau) in zip(options.targets, modelQuantiles) {
            guard let model = models.first(where: { $0.artifact.kind == .quantile && $0.artifact.quantile == tau }) else {
                throw LearningError(.invalidArgument, "no quantile model was fitted for \(tau)")
            }
            let scorer = LinearScorer(model.artifact)
            let predicted = features.withUnsafeBufferPointer { rows in
                (0..<n).map { scorer.predict(UnsafeBufferPointer(rebasing: rows[($0 * width)..<(($0 + 1) * width)])) }
            }
            progress?("scoring target \(target) (model quantile \(tau))")
            results.append(try score(trace, split: split, target: target, modelQuantile: tau, predicted: predicted, options: options))
        }
        var notes = [
            "models fitted by RequestTrainer on the first \(split) requests; the advisor runs over all requests in send order and is scored on the last \(n - split)",
            "an outcome reaches the calibrator when it is known: at send + latency, or at send + timeout for a timeout",
            "static at the advisor's rate uses the hold-out's own latencies: the best any single timeout could do at that rate",
        ]
        if trace.wasSorted { notes.append("the file was not in time order; requests were sorted by timestamp") }
        return Report(
            source: source.path, rows: n, trainRows: split, holdoutRows: n - split, backends: trace.backendNames.count,
            features: report.features,
            calibrationStep: options.calibration?.step, results: results, notes: notes)
    }

    /// The quantile to fit for `target`: `1 − target`, or lower when the training part has too few latencies above it.
    static func modelQuantile(target: Double, trainRows: Int, minimumExceedances: Int) -> Double {
        let wanted = 1 - target
        guard minimumExceedances > 0, trainRows > 0 else { return wanted }
        return min(wanted, max(0.5, 1 - Double(minimumExceedances) / Double(trainRows)))
    }

    /// Runs the advisor over the trace and scores it and the baselines on the hold-out.
    static func score(
        _ trace: RequestTrace, split: Int, target: Double, modelQuantile: Double, predicted: [Double], options: Options
    ) throws(LearningError) -> TargetResult {
        let configuration = TimeoutAdvisor.Configuration(
            targetRate: target, floor: options.floor, ceiling: options.ceiling, calibration: options.calibration)
        var advisor: TimeoutAdvisor
        var fixed: TimeoutAdvisor
        do {
            advisor = try TimeoutAdvisor(configuration)
            fixed = try TimeoutAdvisor(
                TimeoutAdvisor.Configuration(targetRate: target, floor: options.floor, ceiling: options.ceiling, calibration: nil))
        } catch {
            throw LearningError(.invalidArgument, error.description)
        }
        let timeouts = replay(trace, predicted: predicted, advisor: &advisor)
        let n = trace.count
        let holdout = Array(trace.latencies[split...])
        let advisorOutcome = outcome(holdout, timeouts: timeouts[split...])
        let uncalibrated = outcome(holdout, timeouts: predicted[split...].lazy.map { fixed.timeout(predicted: $0) })
        let training = Array(trace.latencies[..<split])
        let staticTimeout = quantile(of: training, 1 - target)
        var perBackend = [Double](repeating: staticTimeout, count: trace.backendNames.count)
        var byBackend = [[Double]](repeating: [], count: trace.backendNames.count)
        for request in 0..<split { byBackend[trace.backends[request]].append(trace.latencies[request]) }
        for (backend, latencies) in byBackend.enumerated() where !latencies.isEmpty {
            perBackend[backend] = quantile(of: latencies, 1 - target)
        }
        let perBackendOutcome = outcome(holdout, timeouts: (split..<n).lazy.map { perBackend[trace.backends[$0]] })
        // The static timeout with exactly the advisor's number of false timeouts: the next latency below the k largest.
        let descending = holdout.sorted(by: >)
        let sameRate = descending[min(advisorOutcome.falseTimeouts, descending.count - 1)]
        let sameRateOutcome = outcome(holdout, timeouts: repeatElement(sameRate, count: holdout.count))
        return TargetResult(
            targetRate: target, modelQuantile: modelQuantile, advisor: advisorOutcome, uncalibrated: uncalibrated,
            staticTraining: outcome(holdout, timeouts: repeatElement(staticTimeout, count: holdout.count)),
            perBackendTraining: perBackendOutcome, staticAtAdvisorRate: sameRateOutcome, rateError: advisorOutcome.rate / target - 1,
            reductionAtSameRate: 1 - advisorOutcome.meanTimeout / sameRateOutcome.meanTimeout, finalCorrection: advisor.correctionFactor)
    }

    /// The advisor's timeout for every request, with outcomes fed back when they would be known.
    static func replay(_ trace: RequestTrace, predicted: [Double], advisor: inout TimeoutAdvisor) -> [Double] {
        struct Feedback: Comparable {
            var time: Double
            var request: Int
            var timedOut: Bool
            static func < (a: Self, b: Self) -> Bool { (a.time, a.request) < (b.time, b.request) }
        }
        var pending = Heap<Feedback>()
        var timeouts = [Double](repeating: 0, count: trace.count)
        for request in 0..<trace.count {
            let now = trace.timestamps[request]
            while let first = pending.min, first.time <= now {
                advisor.record(timedOut: pending.removeMin().timedOut)
            }
            let timeout = advisor.timeout(predicted: predicted[request])
            timeouts[request] = timeout
            let latency = trace.latencies[request]
            let timedOut = latency > timeout
            pending.insert(Feedback(time: now + min(latency, timeout) / 1000, request: request, timedOut: timedOut))
        }
        return timeouts
    }

    static func outcome(_ latencies: [Double], timeouts: some Sequence<Double>) -> Outcome {
        var misses = 0
        var sum = 0.0
        for (latency, timeout) in zip(latencies, timeouts) {
            if latency > timeout { misses += 1 }
            sum += timeout
        }
        let count = Double(max(latencies.count, 1))
        return Outcome(falseTimeouts: misses, rate: Double(misses) / count, meanTimeout: sum / count)
    }

    /// The empirical `tau` quantile, by the package's one rule (as `RequestTrainer` computes its baseline).
    static func quantile(of values: [Double], _ tau: Double) -> Double {
        EmpiricalQuantile.value(tau, of: values)
    }
}
