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
        switch scan {
        case .two:
            let (first, second) = pool.twoDistinctCandidates()
            return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2) { pair in
                pair[0] = first
                pair[1] = second
                return best(of: UnsafeBufferPointer(pair), at: time) ?? first
            }
        case .all:
            // A model that returns NaN for every candidate still has to send the request somewhere.
            return pool.candidates.withUnsafeBufferPointer { best(of: $0, at: time) } ?? pool.candidates[0]
        }
    }

    /// The backend with the lowest predicted latency among `backends` (the first on ties); nil if every score is NaN.
    private func best(of backends: UnsafeBufferPointer<Int>, at time: Double) -> Int? {
        let width = model.featureCount
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: backends.count * width) { rows in
            let features = rows.baseAddress!
            pool.features.writeFeatures(of: backends, at: time, into: features)
            var best: Int?
            var bestScore = Double.infinity
            for row in 0..<backends.count {
                let score = model.score(features + row * width)
                if score < bestScore {
                    bestScore = score
                    best = backends[row]
                }
            }
            return best
        }
    }
}
