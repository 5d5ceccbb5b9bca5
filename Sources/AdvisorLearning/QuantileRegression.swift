/// Linear quantile regression: minimises the pinball loss `Σ wᵢ·ρ_τ(yᵢ − b₀ − βᵀzᵢ)`.
///
/// The problem is a linear programme whose optimum sits on a vertex where as many rows as there
/// are coefficients are fitted exactly. The fit first runs iteratively reweighted least squares
/// (each step a weighted LAPACK solve) to get close, then starts from the vertex through the rows
/// with the smallest residuals and pivots (simplex steps) until the optimality certificate holds:
/// a dual point inside `[τ−1, τ]`. A certified vertex is the exact LP solution, the answer
/// scikit-learn's `QuantileRegressor(alpha=0, solver="highs")` gives. If the pivots cannot certify
/// (a singular or degenerate vertex), IRLS is tightened and the pivots retried; after four rounds
/// the best point found is kept and the diagnostics say it did not converge.
public enum QuantileRegression {
    /// Fits the conditional `quantile`.
    /// - Parameters:
    ///   - data: the rows.
    ///   - quantile: τ in (0, 1).
    ///   - maxIterations: IRLS steps at most in each round.
    /// - Returns: the model (its linear predictor is the predicted quantile).
    /// - Throws: `LearningError` for τ outside (0, 1) or no rows.
    public static func fit(_ data: Dataset, quantile tau: Double, maxIterations: Int = 40) throws(LearningError) -> LinearModel {
        guard data.rowCount > 0 else { throw LearningError(.noRows, "there are no rows to fit") }
        guard tau > 0, tau < 1 else {
            throw LearningError(.invalidArgument, "the quantile must lie strictly between 0 and 1, not \(tau)")
        }
        let design = DesignMatrix(data)
        guard data.rowCount > design.width else {
            throw LearningError(
                .tooFewRows, "\(data.rowCount) rows cannot determine \(design.width) quantile-regression coefficients")
        }
        let weights = (0..<data.rowCount).map(data.weight)
        // Start from weighted least squares.
        var theta = design.solveWeighted(rowWeights: weights, penalty: 0, rhs: design.transposeTimes(zip(weights, data.targets).map(*)))
            .solution
        var best = (theta: theta, loss: loss(design, data, theta, tau))
        let spread = data.targets.map { abs($0 - data.targets[data.rowCount / 2]) }.reduce(0, +) / Double(data.rowCount)
        var floor = max(spread, 1e-300) * 1e-4
        var iterations = 0
        for _ in 0..<4 {
            for _ in 0..<maxIterations {
                iterations += 1
                let residuals = zip(data.targets, design.linearPredictor(theta)).map(-)
                let rowWeights = (0..<data.rowCount).map { row in
                    weights[row] * (residuals[row] > 0 ? tau : 1 - tau) / max(abs(residuals[row]), floor)
                }
                let rhs = design.transposeTimes(zip(rowWeights, data.targets).map(*))
                let next = design.solveWeighted(rowWeights: rowWeights, penalty: 0, rhs: rhs).solution
                let change = zip(next, theta).map { abs($0 - $1) }.max() ?? 0
                theta = next
                let value = loss(design, data, theta, tau)
                if value < best.loss { best = (theta, value) }
                if change <= 1e-10 * (1 + (theta.map(abs).max() ?? 0)) { break }
            }
            if let vertex = certifiedVertex(design, data, best.theta, tau, weights) {
                let value = loss(design, data, vertex, tau)
                if value <= best.loss * (1 + 1e-12) {
                    let diagnostics = FitDiagnostics(
                        solver: "irls+vertex", rank: design.width, reciprocalCondition: 1, iterations: iterations,
                        converged: true, constantFeatures: design.constant)
                    return design.model(theta: vertex, diagnostics: diagnostics)
                }
            }
            floor /= 1000
            theta = best.theta
        }
        let diagnostics = FitDiagnostics(
            solver: "irls", rank: design.width, reciprocalCondition: 1, iterations: iterations, converged: false,
            constantFeatures: design.constant)
        return design.model(theta: best.theta, diagnostics: diagnostics)
    }

    /// The pinball (check) loss of one residual `y − ŷ`.
    @inline(__always) public static func pinball(_ residual: Double, quantile tau: Double) -> Double {
        residual >= 0 ? tau * residual : (tau - 1) * residual
    }

    private static func loss(_ design: DesignMatrix, _ data: Dataset, _ theta: [Double], _ tau: Double) -> Double {
        let predictions = design.linearPredictor(theta)
        var total = 0.0
        for row in 0..<data.rowCount { total += data.weight(row) * pinball(data.targets[row] - predictions[row], quantile: tau) }
        return total
    }

    /// Simplex descent over vertices, starting from the vertex through the rows nearest to `theta`'s fit.
    ///
    /// At a vertex the basis rows are fitted exactly. Their dual values `d` (from `X_Bᵀ(w∘d) = −Σ wᵢψᵢxᵢ`
    /// over the other rows) certify optimality when every `d` lies in `[τ−1, τ]`. Otherwise releasing the
    /// most violating basis row lowers the loss; the step along that edge is the weighted median of the
    /// points where other rows' residuals cross zero, and the row at that point joins the basis.
    /// - Returns: the certified optimum, or `nil` when the start is singular or the pivots do not certify
    ///   within the budget (the caller then keeps the IRLS solution and reports it as not converged).
    private static func certifiedVertex(
        _ design: DesignMatrix, _ data: Dataset, _ theta: [Double], _ tau: Double, _ weights: [Double]
    ) -> [Double]? {
        let width = design.width
        let n = data.rowCount
        let start = zip(data.targets, design.linearPredictor(theta)).map(-)
        var basis = Array((0..<n).filter { weights[$0] > 0 }.sorted { abs(start[$0]) < abs(start[$1]) }.prefix(width))
        guard basis.count == width else { return nil }
        let row = { (index: Int) in design.values[(index * width)..<((index + 1) * width)] }
        // From the IRLS start an optimal vertex is usually a few pivots away; a pivot costs O(n·p + n log n),
        // so the budget is a multiple of the width, not of n (degenerate data can otherwise cycle for hours).
        for _ in 0..<(50 * width + 100) {
            // Column-major matrix whose r-th row is the design row of basis[r].
            var rowsOfBasis = [Double](repeating: 0, count: width * width)
            for (r, index) in basis.enumerated() {
                for (column, value) in row(index).enumerated() { rowsOfBasis[column * width + r] = value }
            }
            guard let vertex = LinearAlgebra.solveGeneral(rowsOfBasis, n: width, rhs: basis.map { data.targets[$0] }) else { return nil }
            var residuals = zip(data.targets, design.linearPredictor(vertex)).map(-)
            let inBasis = Set(basis)
            for index in basis { residuals[index] = 0 }
            var gradient = [Double](repeating: 0, count: width)
            for index in 0..<n where !inBasis.contains(index) {
                let slope = residuals[index] >= 0 ? tau : tau - 1
                for (column, value) in row(index).enumerated() { gradient[column] -= weights[index] * slope * value }
            }
            guard let dual = LinearAlgebra.solveGeneral(rowsOfBasis, n: width, rhs: gradient, transposed: true) else { return nil }
            // The most violated dual constraint picks the basis row to release and the side to release it to.
            var leaving = -1
            var direction = 0.0
            var worst = 1e-10
            for (r, index) in basis.enumerated() {
                let d = dual[r] / weights[index]
                if d - tau > worst { (leaving, direction, worst) = (r, 1, d - tau) }
                if (tau - 1) - d > worst { (leaving, direction, worst) = (r, -1, (tau - 1) - d) }
            }
            guard leaving >= 0 else { return vertex }
            var unit = [Double](repeating: 0, count: width)
            unit[leaving] = -direction
            guard let step = LinearAlgebra.solveGeneral(rowsOfBasis, n: width, rhs: unit) else { return nil }
            let released = basis[leaving]
            var slope = -direction * dual[leaving] + weights[released] * (direction > 0 ? tau : 1 - tau)
            var crossings: [(t: Double, index: Int, change: Double)] = []
            for index in 0..<n where !inBasis.contains(index) {
                let rate = zip(row(index), step).reduce(0) { $0 + $1.0 * $1.1 }
                guard rate != 0 else { continue }
                let t = residuals[index] / rate
                if t > 0 || (t == 0 && (residuals[index] == 0)) { crossings.append((max(t, 0), index, weights[index] * abs(rate))) }
            }
            crossings.sort { $0.t < $1.t }
            guard
                let entering = crossings.first(where: {
                    slope += $0.change
                    return slope >= 0
                })
            else { return nil }
            basis[leaving] = entering.index
        }
        return nil
    }
}
