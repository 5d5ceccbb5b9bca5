/// Ridge regression and ordinary least squares from streamed sufficient statistics.
///
/// Minimises `Σ wᵢ(yᵢ − b₀ − βᵀzᵢ)² + α‖β‖²` where `z` are the standardized features and the
/// intercept is not penalised; `α = 0` is ordinary least squares. This is scikit-learn's
/// `Ridge(alpha)` (and `LinearRegression` at 0) applied after `StandardScaler`.
public enum RidgeRegression {
    /// Fits from the moments of rows whose last column is the target.
    /// - Parameters:
    ///   - moments: statistics of `(x₁ … x_p, y)` rows.
    ///   - alpha: the L2 penalty, ≥ 0.
    /// - Returns: the model, with the solver path in its diagnostics.
    /// - Throws: `LearningError` for no rows, a negative penalty, or fewer rows than coefficients when `alpha` is 0.
    public static func fit(_ moments: Moments, alpha: Double) throws(LearningError) -> LinearModel {
        let p = moments.columns - 1
        guard moments.rowCount > 0, moments.totalWeight > 0 else {
            throw LearningError(.noRows, "there are no rows with positive weight to fit")
        }
        guard alpha >= 0, alpha.isFinite else {
            throw LearningError(.invalidArgument, "the penalty alpha must be a finite number ≥ 0, not \(alpha)")
        }
        guard moments.mean.allSatisfy(\.isFinite), moments.crossProducts.allSatisfy(\.isFinite) else {
            throw LearningError(.nonFinite, "the data's sums are not finite (values too large to square?)")
        }
        let (standardization, constant) = Standardization.from(moments, featureCount: p)
        let active = (0..<p).filter { !constant.contains($0) }
        if alpha == 0, moments.rowCount <= active.count {
            throw LearningError(
                .tooFewRows,
                "\(moments.rowCount) rows cannot determine \(active.count) coefficients and an intercept; "
                    + "give a penalty alpha > 0, fewer features or more rows")
        }
        let k = active.count
        let m = moments.columns
        // Standardized normal equations over the non-constant features: (ZᵀWZ + αI)·β = ZᵀWy.
        var system = [Double](repeating: 0, count: k * k)
        var rhs = [Double](repeating: 0, count: k)
        for (a, i) in active.enumerated() {
            rhs[a] = moments.crossProducts[(m - 1) * m + i] / standardization.scale[i]
            for (b, j) in active.enumerated() {
                system[b * k + a] = moments.crossProducts[j * m + i] / (standardization.scale[i] * standardization.scale[j])
            }
            system[a * k + a] += alpha
        }
        var diagnostics = FitDiagnostics(solver: "cholesky", rank: k + 1, reciprocalCondition: 1, constantFeatures: constant)
        if k > 0 {
            switch LinearAlgebra.solveSymmetric(system, n: k, rhs: &rhs) {
            case .cholesky(let condition):
                diagnostics.reciprocalCondition = condition
            case .minimumNorm(let rank, let condition):
                diagnostics = FitDiagnostics(
                    solver: "minimum-norm", rank: rank + 1, reciprocalCondition: condition, constantFeatures: constant)
            }
        }
        var coefficients = [Double](repeating: 0, count: p)
        for (a, i) in active.enumerated() { coefficients[i] = rhs[a] }
        guard coefficients.allSatisfy(\.isFinite) else {
            throw LearningError(.nonFinite, "the solution is not finite; the data may hold values too large to fit")
        }
        return LinearModel(
            standardization: standardization, intercept: moments.mean[m - 1], coefficients: coefficients,
            diagnostics: diagnostics)
    }
}
