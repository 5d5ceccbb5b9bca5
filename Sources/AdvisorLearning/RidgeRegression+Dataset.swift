extension RidgeRegression {
    /// The outcome of a ridge fit whose penalty may have been chosen by cross-validation.
    public struct Selection: Sendable {
        public var model: LinearModel
        /// The penalty used.
        public var alpha: Double
        /// Every candidate's time-ordered cross-validation score; empty when the penalty was given.
        public var scores: [PenaltySelection.Score]
    }

    /// Fits in-memory rows, choosing the penalty by time-ordered cross-validation over `folds` blocks when `alpha` is nil.
    public static func fit(_ data: Dataset, alpha: Double?, folds: Int = 5) throws(LearningError) -> Selection {
        guard data.rowCount > 0 else { throw LearningError(.noRows, "there are no rows to fit") }
        let blocks = data.blockAccumulators(count: folds)
        let moments = GramAccumulator.merged(blocks)!.moments()
        if let alpha {
            return Selection(model: try fit(moments, alpha: alpha), alpha: alpha, scores: [])
        }
        let (ratio, scores) = PenaltySelection.chooseRidgeRatio(blocks: blocks)
        let chosen = ratio * moments.totalWeight
        return Selection(model: try fit(moments, alpha: chosen), alpha: chosen, scores: scores)
    }
}
