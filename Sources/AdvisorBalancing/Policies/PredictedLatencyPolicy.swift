import AdvisorSupport

/// Predicted-latency balancing: score candidates with a latency model fitted by `advisor train`
/// on the features the pool's tracker computes, and send to the lowest predicted latency.
///
/// `scan` chooses between scoring every candidate (the model's full information, O(n) per
/// decision) and two random choices (O(1), the same sampling as P2C and peak-EWMA). Scoring is in
/// the decision path: its cost is what the benchmark and the replay report as ns per decision.
///
/// It explores: the history of a backend it has stopped sending to ages toward the pool's, so a backend
/// avoided after a slow period is tried again and, once it has recovered, wins picks again.
package struct PredictedLatencyPolicy: BalancerPolicy {
    /// Which candidates are scored per decision.
    package enum Scan: String, Sendable, CaseIterable {
        /// Every candidate.
        case all
        /// Two distinct random candidates.
        case two
    }

    package var pool: BackendPool
    package let model: LatencyModel
    package let scan: Scan
    /// By backend: the linear predictor without its silence term, as decisions read it (the queue's part plus the
    /// history's part, aged while the backend is idle). Only the silence feature moves between a busy backend's
    /// events, so a decision adds one term per candidate instead of recomputing every feature: what keeps a full scan
    /// of a pool cheap.
    var partialScores: [Double] = []
    /// By backend: the predictor's part from everything but the queue (latency history, errors, metrics), as of the
    /// backend's last answer or report.
    var historyScores: [Double] = []
    let silenceWeight: Double
    let inflightWeight: Double
    /// How an idle backend's history ages toward the pool's (exploration; see `PredictedLatencyPolicy+Aging.swift`).
    var aging: ScoreAging

    /// - Precondition: the model reads `pool.features.featureNames` (see `LatencyModel.init`).
    /// - Parameter explores: whether an idle backend's history ages toward the pool's (see `ScoreAging`); off keeps
    ///   its last estimate until it answers again, which the replay compares against.
    package init(pool: BackendPool, model: LatencyModel, scan: Scan = .all, explores: Bool = true) {
        precondition(
            model.featureCount == pool.features.featureCount,
            "the model reads \(model.featureCount) features, the pool has \(pool.features.featureCount)")
        self.pool = pool
        self.model = model
        self.scan = scan
        self.silenceWeight = model.weights[BackendFeatureTracker.silenceFeature]
        self.inflightWeight = model.weights[BackendFeatureTracker.inflightFeature]
        self.aging = ScoreAging(timeConstant: pool.features.settings.peakDecaySeconds)
        if !explores { aging.nextSweep = .infinity }
        didChangeBackends()
    }

    package mutating func choose(at time: Double) -> Int {
        if time >= aging.nextSweep { ageIdleBackends(at: time) }
        switch scan {
        case .two:
            let (first, second) = pool.twoDistinctCandidates()
            return score(second, at: time) < score(first, at: time) ? second : first
        case .all:
            var best = -1
            var bestScore = Double.infinity
            // Silence is never negative, so with a non-negative weight a candidate whose partial score does not beat
            // the best so far cannot beat it with its silence either: its logarithm is skipped (same choice, fewer logs).
            let silenceOnlyAdds = silenceWeight >= 0
            pool.candidates.withUnsafeBufferPointer { candidates in
                partialScores.withUnsafeBufferPointer { partial in
                    for backend in candidates {
                        if silenceOnlyAdds, !(partial[backend] < bestScore) { continue }
                        let value = partial[backend] + silenceWeight * pool.features.silence(backend, at: time)
                        if value < bestScore {
                            bestScore = value
                            best = backend
                        }
                    }
                }
            }
            // A model that returns NaN for every candidate still has to send the request somewhere.
            return best >= 0 ? best : pool.candidates[0]
        }
    }

    package mutating func didStart(_ backend: Int, at time: Double) { refreshQueue(backend) }
    package mutating func didComplete(_ backend: Int, latency: Double, failed: Bool, at time: Double) { refresh(backend) }
    package mutating func didReportMetrics(_ backend: Int) { refresh(backend) }
    package mutating func didWithdraw(_ backend: Int) { refreshQueue(backend) }

    package mutating func didChangeBackends() {
        let count = pool.isActive.count
        if partialScores.count < count {
            partialScores.append(contentsOf: repeatElement(0, count: count - partialScores.count))
            historyScores.append(contentsOf: repeatElement(0, count: count - historyScores.count))
        }
        for backend in 0..<count { refresh(backend) }
    }

    /// The full linear predictor of `backend` at `time`: monotone in its predicted latency.
    private func score(_ backend: Int, at time: Double) -> Double {
        partialScores[backend] + silenceWeight * pool.features.silence(backend, at: time)
    }

    /// Re-takes `backend`'s history part from its features (after an answer, a report, a change of backends).
    /// - Complexity: O(features).
    private mutating func refresh(_ backend: Int) {
        let width = model.featureCount
        historyScores[backend] = withUnsafeTemporaryAllocation(of: Double.self, capacity: width) { row in
            pool.features.writeFeatures(backend, at: 0, into: row.baseAddress!)
            BackendFeatureTracker.makeIdle(row.baseAddress!)
            return model.score(row.baseAddress!)
        }
        refreshQueue(backend)
    }

    /// Re-takes `backend`'s queue part after a request started or was taken back; its history counts as fresh, aged
    /// again at the next sweep if the backend is idle.
    /// - Complexity: O(1), one fast logarithm.
    private mutating func refreshQueue(_ backend: Int) {
        let queue = inflightWeight * FastMath.log1p(Double(pool.features.inflight(backend)))
        partialScores[backend] = historyScores[backend] + queue
    }
}
