public import AdvisorCache
public import AdvisorLearning
public import AdvisorTraces
import Foundation

/// Fits the three cache models on the earlier part of a trace and scores them on the later part:
///
/// - `cache-eviction`: log requests until the next request of an object the policy was choosing
///   among for eviction, from its features at that moment (rows gathered by running
///   `LearnedPolicy` with the recency model: the decisions the policy faces);
/// - `cache-reuse`: log requests until the next request, at the moment of a request (the
///   adaptive TTL's model);
/// - `cache-prefetch`: whether a candidate the prefetcher proposes is requested within the
///   horizon (logistic).
///
/// Every row comes from `ObjectHistory` and `Prefetcher` — the runtime's own code. Training
/// labels look only inside the training part; a label that would need later requests is censored
/// at the horizon, never peeked at.
public struct CacheModelTrainer {
    public struct Setup: Sendable {
        public var capacity: Int
        public var unit: CapacityUnit
        /// Requests `0..<split` train; the rest score.
        public var split: Int
        /// Most training rows per model (rows are taken at an even stride).
        public var maxRows = 150_000
        public var candidates = 8
        /// Ridge penalty of the reuse-time models; chosen by time-ordered cross-validation when nil.
        public var alpha: Double?

        public init(capacity: Int, unit: CapacityUnit, split: Int) {
            self.capacity = capacity
            self.unit = unit
            self.split = split
        }
    }

    /// The fitted models, ready for the policy, the TTL advisor and the prefetcher.
    public struct Models: Sendable {
        package var eviction: ReuseTimeModel
        package var reuse: ReuseTimeModel
        package var prefetch: (weights: [Double], bias: Double)?
        /// The same models as files, with their hold-out scores.
        public var artifacts: [TrainedModel]
        /// Prefetch horizon used for the labels, in requests.
        public var prefetchHorizon: Int

        package init(
            eviction: ReuseTimeModel, reuse: ReuseTimeModel, prefetch: (weights: [Double], bias: Double)?, artifacts: [TrainedModel],
            prefetchHorizon: Int
        ) {
            self.eviction = eviction
            self.reuse = reuse
            self.prefetch = prefetch
            self.artifacts = artifacts
            self.prefetchHorizon = prefetchHorizon
        }
    }

    let ids: [ObjectID]
    let sizes: [UInt32]
    let nextAddress: [ObjectID]
    let next: [Int32]
    let firstRequest: [Int]

    /// - Parameters:
    ///   - nextAddress: per id, the id at the next address (`ObjectID.max` when none); empty when keys are not addresses.
    public init(ids: [ObjectID], sizes: [UInt32], uniqueCount: Int, nextAddress: [ObjectID]) {
        self.ids = ids
        self.sizes = sizes
        self.nextAddress = nextAddress
        next = NextAccess.compute(ids)
        var first = [Int](repeating: .max, count: max(uniqueCount, nextAddress.count))
        for index in ids.indices.reversed() { first[Int(ids[index])] = index }
        firstRequest = first
    }

    /// Replays the whole trace once per model family, fits on training rows, scores on hold-out rows.
    public func train(_ setup: Setup, source: TrainingSource, progress: ProgressHandler? = nil) throws(LearningError) -> Models {
        let n = ids.count
        guard setup.split >= 2, setup.split < n else {
            throw LearningError(.tooFewRows, "\(n) requests are too few to split into training and scored parts")
        }
        let meanWeight = setup.unit == .objects ? 1.0 : max(1, sizes[..<setup.split].reduce(0.0) { $0 + Double($1) } / Double(setup.split))
        let horizon = max(10, Int(Double(setup.capacity) / meanWeight))
        let training = { (rows: Int) in
            ModelArtifact.TrainingData(
                source: source.path, fingerprint: source.fingerprint, rows: rows, split: "first \(setup.split) of \(n) requests")
        }

        progress?("sampling eviction decisions (\(setup.candidates) candidates each) over \(n) requests")
        let (evictionTrain, evictionTest) = evictionRows(setup)
        progress?("fitting cache-eviction on \(evictionTrain.rowCount) rows")
        let eviction = try fitReuseTime(
            name: "cache-eviction", target: "log1p_requests_to_next_request_from_eviction_candidate",
            evictionTrain, evictionTest, alpha: setup.alpha, training: training)

        progress?("labelling reuse times of \(n) requests")
        let (reuseTrain, reuseTest) = reuseRows(setup)
        progress?("fitting cache-reuse on \(reuseTrain.rowCount) rows")
        let reuse = try fitReuseTime(
            name: "cache-reuse", target: "log1p_requests_to_next_request", reuseTrain, reuseTest, alpha: setup.alpha, training: training)

        progress?("collecting prefetch candidates")
        let (prefetchTrain, prefetchTest) = prefetchRows(setup, horizon: horizon)
        var artifacts = [eviction.artifact, reuse.artifact]
        var prefetch: (weights: [Double], bias: Double)?
        let positives = prefetchTrain.targets.reduce(0, +)
        if prefetchTrain.rowCount >= 100, positives > 0, positives < Double(prefetchTrain.rowCount) {
            progress?("fitting cache-prefetch on \(prefetchTrain.rowCount) rows")
            let (model, seconds) = try timed { () throws(LearningError) in try LogisticRegression.fit(prefetchTrain, alpha: 1) }
            let probabilities = predictions(model, prefetchTest).map(LogisticRegression.sigmoid)
            let baseRate = positives / Double(prefetchTrain.rowCount)
            let artifact = ModelArtifact(
                name: "cache-prefetch", kind: .logistic, target: "requested_within_\(horizon)_requests", link: .logistic, alpha: 1,
                features: Prefetcher.featureNames, model: model, training: training(prefetchTrain.rowCount),
                holdout: ModelArtifact.Evaluation(
                    rows: prefetchTest.rowCount,
                    metrics: Metrics.classification(labels: prefetchTest.targets, probabilities: probabilities),
                    baseline: "training base rate",
                    baselineMetrics: Metrics.classification(
                        labels: prefetchTest.targets, probabilities: .init(repeating: baseRate, count: prefetchTest.rowCount))))
            artifacts.append(TrainedModel(artifact: artifact, fitSeconds: seconds))
            prefetch = (model.rawCoefficients, model.rawIntercept)
        }
        return Models(eviction: eviction.model, reuse: reuse.model, prefetch: prefetch, artifacts: artifacts, prefetchHorizon: horizon)
    }

    /// Label of an object last requested at `last`, seen at `now`: log requests to its next
    /// request, capped at `cap`; an object not requested again within the part the row belongs
    /// to (its next request would be unseen data) gets the cap.
    private func remainingLabel(last: Int, now: Int, visibleEnd: Int, cap: Int) -> Double {
        let nextIndex = Int(next[last])
        return log1p(Double(nextIndex < visibleEnd ? min(nextIndex - now, cap) : cap))
    }

    private func evictionRows(_ setup: Setup) -> (Dataset, Dataset) {
        let p = ObjectHistory.featureCount
        var train = Dataset(featureCount: p)
        var test = Dataset(featureCount: p)
        var policy = LearnedPolicy(
            capacity: setup.capacity, candidates: setup.candidates, learnsOnline: false, expectedIDs: firstRequest.count)
        policy.candidateLog = []
        let stride = max(1, ids.count * setup.candidates / (2 * setup.maxRows))
        var taken = 0
        var row = [Double](repeating: 0, count: p)
        for index in ids.indices {
            let id = ids[index]
            if !policy.access(id, now: index) {
                _ = policy.insert(id, weight: setup.unit == .objects ? 1 : Int(sizes[index]), now: index) { _ in }
            }
            guard let log = policy.candidateLog, !log.isEmpty else { continue }
            for (candidate, now) in log {
                taken += 1
                guard taken % stride == 0 else { continue }
                row.withUnsafeMutableBufferPointer { policy.history.features(of: candidate, at: now, into: $0) }
                let visibleEnd = index < setup.split ? setup.split : ids.count
                let label = remainingLabel(last: policy.history.lastAccess(candidate), now: now, visibleEnd: visibleEnd, cap: setup.split)
                if index < setup.split { train.append(features: row, target: label) } else { test.append(features: row, target: label) }
            }
            policy.candidateLog!.removeAll(keepingCapacity: true)
        }
        return (train, test)
    }

    private func reuseRows(_ setup: Setup) -> (Dataset, Dataset) {
        let p = ObjectHistory.featureCount
        var train = Dataset(featureCount: p)
        var test = Dataset(featureCount: p)
        var history = ObjectHistory(expectedObjects: firstRequest.count)
        let stride = max(1, ids.count / setup.maxRows)
        var row = [Double](repeating: 0, count: p)
        for index in ids.indices {
            history.record(ids[index], now: index, size: setup.unit == .objects ? 1 : sizes[index])
            guard index % stride == 0 else { continue }
            row.withUnsafeMutableBufferPointer { history.features(of: ids[index], at: index, into: $0) }
            let visibleEnd = index < setup.split ? setup.split : ids.count
            let label = remainingLabel(last: index, now: index, visibleEnd: visibleEnd, cap: setup.split)
            if index < setup.split { train.append(features: row, target: label) } else { test.append(features: row, target: label) }
        }
        return (train, test)
    }

    private func prefetchRows(_ setup: Setup, horizon: Int) -> (Dataset, Dataset) {
        let p = Prefetcher.featureCount
        var train = Dataset(featureCount: p)
        var test = Dataset(featureCount: p)
        var history = ObjectHistory(expectedObjects: firstRequest.count)
        var prefetcher = Prefetcher(nextAddress: nextAddress, expectedObjects: firstRequest.count)
        prefetcher.candidateLog = []
        let stride = max(1, ids.count / setup.maxRows)
        for index in ids.indices {
            let id = ids[index]
            history.record(id, now: index, size: setup.unit == .objects ? 1 : sizes[index])
            prefetcher.observe(id, now: index, history: history, isResident: { _ in false }, propose: { _ in })
            guard index % stride == 0 else {
                prefetcher.candidateLog!.removeAll(keepingCapacity: true)
                continue
            }
            let visibleEnd = index < setup.split ? setup.split : ids.count
            for (candidate, now, features) in prefetcher.candidateLog! {
                let upcoming = nextRequest(of: candidate, after: now, history: history)
                let label: Double = upcoming < visibleEnd && upcoming - now <= horizon ? 1 : 0
                if index < setup.split {
                    train.append(features: features, target: label)
                } else {
                    test.append(features: features, target: label)
                }
            }
            prefetcher.candidateLog!.removeAll(keepingCapacity: true)
        }
        return (train, test)
    }

    /// Index of the first request for `id` after `now`, or `Int.max`.
    private func nextRequest(of id: ObjectID, after now: Int, history: ObjectHistory) -> Int {
        guard Int(id) < firstRequest.count else { return .max }
        if history.hasHistory(id) { return Int(next[history.lastAccess(id)]) }
        return firstRequest[Int(id)] > now ? firstRequest[Int(id)] : .max
    }

    private func fitReuseTime(
        name: String, target: String, _ train: Dataset, _ test: Dataset, alpha: Double?, training: (Int) -> ModelArtifact.TrainingData
    ) throws(LearningError) -> (model: ReuseTimeModel, artifact: TrainedModel) {
        let (selection, seconds) = try timed { () throws(LearningError) in try RidgeRegression.fit(train, alpha: alpha) }
        let mean = train.targets.reduce(0, +) / Double(max(1, train.rowCount))
        let artifact = ModelArtifact(
            name: name, kind: .ridge, target: target, link: .expm1, alpha: selection.alpha, features: ObjectHistory.featureNames,
            model: selection.model, training: training(train.rowCount),
            holdout: ModelArtifact.Evaluation(
                rows: test.rowCount, metrics: Metrics.regression(actual: test.targets, predicted: predictions(selection.model, test)),
                baseline: "training mean",
                baselineMetrics: Metrics.regression(actual: test.targets, predicted: .init(repeating: mean, count: test.rowCount))))
        let model = ReuseTimeModel(weights: selection.model.rawCoefficients, bias: selection.model.rawIntercept)
        return (model, TrainedModel(artifact: artifact, fitSeconds: seconds))
    }
}
