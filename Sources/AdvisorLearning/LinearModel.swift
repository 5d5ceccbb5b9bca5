/// A fitted linear predictor on standardized features: `η = b₀ + Σ βⱼ·(xⱼ − meanⱼ)/scaleⱼ`.
public struct LinearModel: Sendable, Equatable {
    /// The feature transformation learned on the training rows.
    public var standardization: Standardization
    /// Intercept on the standardized scale (the prediction at the feature means).
    public var intercept: Double
    /// Coefficients on the standardized scale, in feature order.
    public var coefficients: [Double]
    /// How the fit went: solver path, rank, iterations.
    public var diagnostics: FitDiagnostics

    /// Number of features.
    public var featureCount: Int { coefficients.count }

    /// Coefficients on the original feature scale.
    public var rawCoefficients: [Double] {
        zip(coefficients, standardization.scale).map { $0 / $1 }
    }

    /// Intercept on the original feature scale.
    public var rawIntercept: Double {
        var value = intercept
        for (coefficient, mean) in zip(rawCoefficients, standardization.mean) { value -= coefficient * mean }
        return value
    }

    /// The linear predictor for one row of raw features.
    public func linearPredictor(_ features: some Collection<Double>) -> Double {
        var value = rawIntercept
        for (coefficient, x) in zip(rawCoefficients, features) { value += coefficient * x }
        return value
    }
}

/// What a fit reports about how it was computed, so that a degraded solve is never silent.
public struct FitDiagnostics: Codable, Sendable, Equatable {
    /// `cholesky`, `minimum-norm` (rank-revealing SVD fallback), `irls` or `irls+vertex`.
    public var solver: String
    /// Effective rank of the (standardized) design, counting the intercept.
    public var rank: Int
    /// LAPACK's estimate of the reciprocal condition number of the last system solved.
    public var reciprocalCondition: Double
    /// Iterations of an iterative fit; 1 for a direct solve.
    public var iterations: Int
    /// Whether an iterative fit met its tolerance (always true for a direct solve).
    public var converged: Bool
    /// Features held at zero because they were constant on the training rows.
    public var constantFeatures: [Int]

    public init(
        solver: String, rank: Int, reciprocalCondition: Double, iterations: Int = 1, converged: Bool = true,
        constantFeatures: [Int] = []
    ) {
        self.solver = solver
        self.rank = rank
        self.reciprocalCondition = reciprocalCondition
        self.iterations = iterations
        self.converged = converged
        self.constantFeatures = constantFeatures
    }
}
