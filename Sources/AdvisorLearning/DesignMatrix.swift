/// Standardized rows with a leading intercept column, the working form of the iterative fits.
///
/// Built once per fit; each IRLS step is then a weighted Gram (`dsyrk`) and a small LAPACK solve.
struct DesignMatrix {
    /// Row-major `rowCount × width`, column 0 is the intercept (1).
    var values: [Double]
    let rowCount: Int
    /// 1 + number of active (non-constant) features.
    let width: Int
    /// Indices of the features kept, in order.
    let active: [Int]
    let standardization: Standardization
    let constant: [Int]

    init(_ data: Dataset) {
        let moments = data.moments()
        let (standardization, constant) = Standardization.from(moments, featureCount: data.featureCount)
        let active = (0..<data.featureCount).filter { !constant.contains($0) }
        let width = active.count + 1
        var values = [Double](repeating: 1, count: data.rowCount * width)
        for row in 0..<data.rowCount {
            for (column, feature) in active.enumerated() {
                let x = data.features[row * data.featureCount + feature]
                values[row * width + column + 1] = (x - standardization.mean[feature]) / standardization.scale[feature]
            }
        }
        self.values = values
        self.rowCount = data.rowCount
        self.width = width
        self.active = active
        self.standardization = standardization
        self.constant = constant
    }

    /// `η = Z·θ` for every row.
    func linearPredictor(_ theta: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: rowCount)
        values.withUnsafeBufferPointer { z in
            theta.withUnsafeBufferPointer { t in
                out.withUnsafeMutableBufferPointer { o in
                    LinearAlgebra.multiply(
                        rows: z.baseAddress!, count: rowCount, columns: width, stride: width, by: t.baseAddress!,
                        into: o.baseAddress!)
                }
            }
        }
        return out
    }

    /// Solves the weighted normal equations `(ZᵀVZ + P)·x = rhs`, where `P` adds `penalty` to every
    /// diagonal entry but the intercept's.
    func solveWeighted(rowWeights: [Double], penalty: Double, rhs: [Double]) -> (solution: [Double], outcome: LinearAlgebra.SolveOutcome) {
        var gram = [Double](repeating: 0, count: width * width)
        var scaled = [Double](repeating: 0, count: min(rowCount, 4096) * width)
        var start = 0
        while start < rowCount {
            let count = min(4096, rowCount - start)
            for row in 0..<count {
                let root = rowWeights[start + row].squareRoot()
                for column in 0..<width { scaled[row * width + column] = root * values[(start + row) * width + column] }
            }
            scaled.withUnsafeBufferPointer { s in
                gram.withUnsafeMutableBufferPointer { g in
                    LinearAlgebra.addGram(rows: s.baseAddress!, count: count, columns: width, stride: width, into: g.baseAddress!)
                }
            }
            start += count
        }
        for column in 0..<width {
            for row in 0..<column { gram[row * width + column] = gram[column * width + row] }
        }
        for column in 1..<width { gram[column * width + column] += penalty }
        var solution = rhs
        let outcome = LinearAlgebra.solveSymmetric(gram, n: width, rhs: &solution)
        return (solution, outcome)
    }

    /// `Zᵀ·v` for a per-row vector.
    func transposeTimes(_ vector: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: width)
        for row in 0..<rowCount {
            let value = vector[row]
            if value == 0 { continue }
            for column in 0..<width { out[column] += values[row * width + column] * value }
        }
        return out
    }

    /// Turns working coefficients `θ` (intercept first, active features after) into a model.
    func model(theta: [Double], diagnostics: FitDiagnostics) -> LinearModel {
        var coefficients = [Double](repeating: 0, count: standardization.mean.count)
        for (column, feature) in active.enumerated() { coefficients[feature] = theta[column + 1] }
        return LinearModel(standardization: standardization, intercept: theta[0], coefficients: coefficients, diagnostics: diagnostics)
    }
}
