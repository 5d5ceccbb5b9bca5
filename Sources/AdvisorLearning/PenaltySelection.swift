/// Chooses the ridge penalty by time-ordered (rolling-origin) cross-validation.
///
/// The rows come as consecutive blocks in time order. Fold `j` trains on blocks `0..<j` and is
/// scored on block `j`, so no fold ever learns from its future. Because every block is kept as
/// sufficient statistics, all folds and all candidate penalties cost a few small solves and no
/// pass over the data. Candidates are ratios of the training weight (`α = ratio · Σw`), which makes
/// the grid independent of how many rows a fold has.
public enum PenaltySelection {
    /// Candidate ratios `α / Σw`; 0 is ordinary least squares.
    public static let ratios: [Double] = [0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]

    /// One candidate's cross-validated score.
    public struct Score: Sendable, Equatable, Codable {
        public var ratio: Double
        /// Weighted mean squared error over all validation blocks; infinite when a fold could not be fitted.
        public var meanSquaredError: Double
    }

    /// Picks the ratio with the lowest validation error (the larger penalty on ties).
    /// - Parameter blocks: at least two time-ordered blocks that share a shift.
    /// - Returns: the chosen ratio and every candidate's score.
    public static func chooseRidgeRatio(blocks: [GramAccumulator]) -> (ratio: Double, scores: [Score]) {
        guard blocks.count >= 2 else { return (ratios[3], []) }
        var scores: [Score] = []
        for ratio in ratios {
            var error = 0.0
            var weight = 0.0
            var usable = true
            var training = blocks[0]
            for fold in 1..<blocks.count {
                defer { training.merge(blocks[fold]) }
                let validation = blocks[fold]
                guard validation.totalWeight > 0 else { continue }
                let moments = training.moments()
                guard let model = try? RidgeRegression.fit(moments, alpha: ratio * moments.totalWeight) else {
                    usable = false
                    break
                }
                error += validation.sumOfSquaredResiduals(intercept: model.rawIntercept, coefficients: model.rawCoefficients)
                weight += validation.totalWeight
            }
            scores.append(Score(ratio: ratio, meanSquaredError: usable && weight > 0 ? error / weight : .infinity))
        }
        let best = scores.min { a, b in
            a.meanSquaredError < b.meanSquaredError || (a.meanSquaredError == b.meanSquaredError && a.ratio > b.ratio)
        }
        return (best?.ratio ?? ratios[3], scores)
    }
}
