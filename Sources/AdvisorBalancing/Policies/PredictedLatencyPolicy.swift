/// Predicted-latency balancing: score candidates with a latency model fitted by `advisor train`
/// on the features the pool's tracker computes, and send to the lowest predicted latency.
///
/// `scan` chooses between scoring every candidate (the model's full information, O(n) per
/// decision) and two random choices (O(1), the same sampling as P2C and peak-EWMA). Scoring is in
/// the decision path: its cost is what the benchmark and the replay report as ns per decision.
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
    /// By backend: the linear predictor without its silence term, refreshed at the backend's events. Only
    /// the silence feature moves between events, so a decision adds one term per candidate instead of
    /// recomputing every feature: what keeps a full scan of a pool cheap.
    private var partialScores: [Double] = []
    private let silenceWeight: Double

    /// - Precondition: the model reads `pool.features.featureNames` (see `LatencyModel.init`).
    package init(pool: BackendPool, model: LatencyModel, scan: Scan = .all) {
        precondition(
            model.featureCount == pool.features.featureCount,
            "the model reads \(model.featureCount) features, the pool has \(pool.features.featureCount)")
        self.pool = pool
        self.model = model
        self.scan = scan
        self.silenceWeight = model.weights[BackendFeatureTracker.silenceFeature]
        didChangeBackends()
    }

    package mutating func choose(at time: Double) -> Int {
        switch scan {
        case .two:
            let (first, second) = pool.twoDistinctCandidates()
            return score(second, at: time) < score(first, at: time) ? second : first
        case .all:
            var best = -1
            var bestScore = Double.infinity
            pool.candidates.withUnsafeBufferPointer { candidates in
                partialScores.withUnsafeBufferPointer { partial in
                    for backend in candidates {
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

    package mutating func didStart(_ backend: Int, at time: Double) { refresh(backend, at: time) }
    package mutating func didComplete(_ backend: Int, latency: Double, failed: Bool, at time: Double) { refresh(backend, at: time) }
    package mutating func didReportMetrics(_ backend: Int) { refresh(backend, at: 0) }
    package mutating func didWithdraw(_ backend: Int) { refresh(backend, at: 0) }

    package mutating func didChangeBackends() {
        let count = pool.isActive.count
        if partialScores.count < count { partialScores.append(contentsOf: repeatElement(0, count: count - partialScores.count)) }
        for backend in 0..<count { refresh(backend, at: 0) }
    }

    /// The full linear predictor of `backend` at `time`: monotone in its predicted latency.
    private func score(_ backend: Int, at time: Double) -> Double {
        partialScores[backend] + silenceWeight * pool.features.silence(backend, at: time)
    }

    private mutating func refresh(_ backend: Int, at time: Double) {
        let width = model.featureCount
        let value = withUnsafeTemporaryAllocation(of: Double.self, capacity: width) { row in
            pool.features.writeFeatures(backend, at: time, into: row.baseAddress!)
            row[BackendFeatureTracker.silenceFeature] = 0
            return model.score(row.baseAddress!)
        }
        partialScores[backend] = value
    }
}
