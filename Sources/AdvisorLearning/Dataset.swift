/// Rows held in memory, for fits that need several passes (logistic and quantile regression) and for metrics.
public struct Dataset: Sendable, Equatable {
    /// Number of features per row.
    public let featureCount: Int
    /// Row-major `rowCount × featureCount` feature values.
    public private(set) var features: [Double]
    /// One target per row.
    public private(set) var targets: [Double]
    /// Optional non-negative sample weights, one per row.
    public private(set) var weights: [Double]?

    /// Number of rows.
    public var rowCount: Int { targets.count }

    /// Creates a dataset, checking shapes and that every value is finite.
    /// - Throws: `LearningError` when counts disagree, a value is NaN/∞ or a weight is negative.
    public init(featureCount: Int, features: [Double], targets: [Double], weights: [Double]? = nil) throws(LearningError) {
        guard features.count == featureCount * targets.count, weights.map({ $0.count == targets.count }) ?? true else {
            throw LearningError(.invalidArgument, "features, targets and weights disagree in row count")
        }
        guard features.allSatisfy(\.isFinite), targets.allSatisfy(\.isFinite) else {
            throw LearningError(.nonFinite, "the rows hold NaN or infinite values")
        }
        if let weights, !weights.allSatisfy({ $0.isFinite && $0 >= 0 }) {
            throw LearningError(.invalidArgument, "sample weights must be finite and ≥ 0")
        }
        self.featureCount = featureCount
        self.features = features
        self.targets = targets
        self.weights = weights
    }

    /// An empty dataset to append rows to.
    public init(featureCount: Int, weighted: Bool = false) {
        self.featureCount = featureCount
        self.features = []
        self.targets = []
        self.weights = weighted ? [] : nil
    }

    /// Appends one row. Values are checked by the fit, not here, to keep appending cheap.
    public mutating func append(features row: some Collection<Double>, target: Double, weight: Double = 1) {
        precondition(row.count == featureCount)
        features.append(contentsOf: row)
        targets.append(target)
        weights?.append(weight)
    }

    /// The weight of a row (1 when unweighted).
    @inline(__always) public func weight(_ row: Int) -> Double { weights?[row] ?? 1 }

    /// The rows in `range`, in order: how time-ordered train and hold-out parts are cut.
    public func rows(_ range: Range<Int>) -> Dataset {
        var part = Dataset(featureCount: featureCount, weighted: weights != nil)
        part.features = Array(features[(range.lowerBound * featureCount)..<(range.upperBound * featureCount)])
        part.targets = Array(targets[range])
        part.weights = weights.map { Array($0[range]) }
        return part
    }

    /// A copy with the targets replaced (for a transformed or derived label).
    public func withTargets(_ newTargets: [Double]) -> Dataset {
        precondition(newTargets.count == rowCount)
        var copy = self
        copy.targets = newTargets
        return copy
    }

    /// Means and centred cross-products of `(features, target)`.
    public func moments() -> Moments {
        guard let whole = GramAccumulator.merged(blockAccumulators(count: 1)) else {
            let m = featureCount + 1
            return Moments(
                rowCount: 0, totalWeight: 0, mean: .init(repeating: 0, count: m), crossProducts: .init(repeating: 0, count: m * m))
        }
        return whole.moments()
    }

    /// Sufficient statistics of `count` consecutive, equal-sized blocks of rows (time-ordered when the rows are),
    /// all with the first row as their shift so that they merge.
    public func blockAccumulators(count: Int) -> [GramAccumulator] {
        guard rowCount > 0 else { return [] }
        let m = featureCount + 1
        let shift = Array(features.prefix(featureCount)) + [targets[0]]
        let blocks = max(1, min(count, rowCount))
        let batchRows = 2048
        var batch = [Double](repeating: 0, count: batchRows * (m + 1))
        return (0..<blocks).map { block in
            var accumulator = GramAccumulator(shift: shift)
            var start = rowCount * block / blocks
            let end = rowCount * (block + 1) / blocks
            while start < end {
                let rows = min(batchRows, end - start)
                for row in 0..<rows {
                    let source = start + row
                    for j in 0..<featureCount { batch[row * (m + 1) + j] = features[source * featureCount + j] }
                    batch[row * (m + 1) + featureCount] = targets[source]
                    batch[row * (m + 1) + m] = weight(source)
                }
                batch.withUnsafeBufferPointer { accumulator.add(rows: $0, count: rows, stride: m + 1, weightColumn: m) }
                start += rows
            }
            return accumulator
        }
    }
}
