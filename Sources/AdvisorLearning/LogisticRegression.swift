import Foundation

/// L2-penalised logistic regression by iteratively reweighted least squares (Newton's method).
///
/// Minimises `Σ wᵢ·logloss(yᵢ, σ(b₀ + βᵀzᵢ)) + (α/2)‖β‖²` on standardized features with the
/// intercept unpenalised: scikit-learn's `LogisticRegression(C = 1/α)` after `StandardScaler`.
/// Each step solves the weighted normal equations with LAPACK; a step that does not lower the
/// objective is halved, so the fit never wanders.
public enum LogisticRegression {
    /// Fits a classifier.
    /// - Parameters:
    ///   - data: rows whose targets are 0 or 1.
    ///   - alpha: the L2 penalty, ≥ 0. With 0 and perfectly separable classes there is no finite answer.
    ///   - maxIterations: Newton steps at most.
    /// - Returns: a model whose linear predictor is the log-odds.
    /// - Throws: `LearningError` for labels outside {0, 1}, a single class, or no convergence.
    public static func fit(_ data: Dataset, alpha: Double, maxIterations: Int = 100) throws(LearningError) -> LinearModel {
        guard data.rowCount > 0 else { throw LearningError(.noRows, "there are no rows to fit") }
        guard alpha >= 0, alpha.isFinite else {
            throw LearningError(.invalidArgument, "the penalty alpha must be a finite number ≥ 0, not \(alpha)")
        }
        guard data.targets.allSatisfy({ $0 == 0 || $0 == 1 }) else {
            throw LearningError(.invalidArgument, "logistic regression needs targets of 0 or 1")
        }
        let positives = (0..<data.rowCount).reduce(0.0) { $0 + data.weight($1) * data.targets[$1] }
        let total = (0..<data.rowCount).reduce(0.0) { $0 + data.weight($1) }
        guard positives > 0, positives < total else {
            throw LearningError(.degenerate, "every row has the same label; there is nothing to separate")
        }
        let design = DesignMatrix(data)
        var theta = [Double](repeating: 0, count: design.width)
        theta[0] = log(positives / (total - positives))
        var objective = Self.objective(design, data, theta, alpha)
        var outcome = LinearAlgebra.SolveOutcome.cholesky(reciprocalCondition: 1)
        for iteration in 1...maxIterations {
            let eta = design.linearPredictor(theta)
            var curvature = [Double](repeating: 0, count: data.rowCount)
            var residual = [Double](repeating: 0, count: data.rowCount)
            for row in 0..<data.rowCount {
                let probability = sigmoid(eta[row])
                let weight = data.weight(row)
                curvature[row] = weight * max(probability * (1 - probability), 1e-12)
                residual[row] = weight * (data.targets[row] - probability)
            }
            var gradient = design.transposeTimes(residual)
            for column in 1..<design.width { gradient[column] -= alpha * theta[column] }
            let (step, stepOutcome) = design.solveWeighted(rowWeights: curvature, penalty: alpha, rhs: gradient)
            outcome = stepOutcome
            var scale = 1.0
            var candidate = theta
            var candidateObjective = Double.infinity
            while scale > 1e-10 {
                candidate = zip(theta, step).map { $0 + scale * $1 }
                candidateObjective = Self.objective(design, data, candidate, alpha)
                if candidateObjective <= objective { break }
                scale /= 2
            }
            let change = zip(candidate, theta).map { abs($0 - $1) }.max() ?? 0
            let size = 1 + (theta.map(abs).max() ?? 0)
            guard candidateObjective <= objective else {
                // No step along Newton's direction lowers the objective in floating point: this is the optimum.
                return design.model(theta: theta, diagnostics: diagnostics(outcome, design, iteration, converged: true))
            }
            theta = candidate
            let decrease = objective - candidateObjective
            objective = candidateObjective
            if change <= 1e-12 * size || decrease <= 1e-15 * max(1, abs(objective)) {
                return design.model(theta: theta, diagnostics: diagnostics(outcome, design, iteration, converged: true))
            }
        }
        // Not converged: with no penalty that almost always means separable classes, whose fit has no finite optimum.
        let separable = alpha == 0 && zip(design.linearPredictor(theta), data.targets).allSatisfy { ($0 > 0) == ($1 == 1) }
        throw LearningError(
            .notConverged,
            separable
                ? "the classes are perfectly separable, so the coefficients grow without bound; give a penalty alpha > 0"
                : "logistic regression did not converge in \(maxIterations) Newton steps")
    }

    /// The logistic function, computed without overflow for large |η|.
    @inline(__always) public static func sigmoid(_ eta: Double) -> Double {
        eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
    }

    private static func objective(_ design: DesignMatrix, _ data: Dataset, _ theta: [Double], _ alpha: Double) -> Double {
        let eta = design.linearPredictor(theta)
        var total = 0.0
        for row in 0..<data.rowCount {
            // log(1 + e^η) − y·η, stable for either sign of η.
            let value = eta[row]
            let softplus = value > 0 ? value + log1p(exp(-value)) : log1p(exp(value))
            total += data.weight(row) * (softplus - data.targets[row] * value)
        }
        var penalty = 0.0
        for column in 1..<theta.count { penalty += theta[column] * theta[column] }
        return total + alpha / 2 * penalty
    }

    private static func diagnostics(_ outcome: LinearAlgebra.SolveOutcome, _ design: DesignMatrix, _ iterations: Int, converged: Bool)
        -> FitDiagnostics
    {
        switch outcome {
        case .cholesky(let condition):
            FitDiagnostics(
                solver: "irls", rank: design.width, reciprocalCondition: condition, iterations: iterations, converged: converged,
                constantFeatures: design.constant)
        case .minimumNorm(let rank, let condition):
            FitDiagnostics(
                solver: "irls+minimum-norm", rank: rank, reciprocalCondition: condition, iterations: iterations, converged: converged,
                constantFeatures: design.constant)
        }
    }
}
