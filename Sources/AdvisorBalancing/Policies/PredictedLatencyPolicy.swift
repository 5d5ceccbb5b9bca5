/// Predicted-latency balancing: score candidates with a latency model fitted by `advisor train`
/// on the features the pool's tracker computes, and send to the lowest predicted latency.
///
/// `scan` chooses between scoring every candidate (the model's full information, O(n) per
/// decision) and two random choices (O(1), the same sampling as P2C and peak-EWMA). Scoring is in
/// the decision path: its cost is what the benchmark and the replay report as ns per decision.
public struct PredictedLatencyPolicy: BalancerPolicy {
    /// Which candidates are scored per decision.
    public enum Scan: String, Sendable, CaseIterable {
        /// Every candidate.
        case all
        /// Two distinct random candidates.
        case two
    }

    public var pool: BackendPool
    public let model: LatencyModel
    public let scan: Scan

    /// - Precondition: the model reads `pool.features.featureNames` (see `LatencyModel.init`).
    public init(pool: BackendPool, model: LatencyModel, scan: Scan = .all) {
        precondition(model.featureCount == pool.features.featureCount, "the model reads \(model.featureCount) features, the pool has \(pool.features.featureCount)")
        self.pool = pool
        self.model = model
        self.scan = scan
    }

    public mutating func choose(at time: Double) -> Int {
        let width = pool.features.featureCount
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: width) { buffer in
            let row = buffer.baseAddress!
            switch scan {
            case .two:
                let (first, second) = pool.twoDistinctCandidates()
                return score(second, at: time, row) < score(first, at: time, row) ? second : first
            case .all:
                var best = -1
                var bestScore = Double.infinity
                pool.candidates.withUnsafeBufferPointer { candidates in
                    for backend in candidates {
                        let value = score(backend, at: time, row)
                        if value < bestScore {
                            bestScore = value
                            best = backend
                        }
                    }
                }
                // A model that returns NaN for every candidate still has to send the request somewhere.
                return best >= 0 ? best : pool.candidates[0]
            }
        }
    }

    @inline(__always)
    private func score(_ backend: Int, at time: Double, _ row: UnsafeMutablePointer<Double>) -> Double {
        pool.features.writeFeatures(backend, at: time, into: row)
        return model.score(row)
    }
}
