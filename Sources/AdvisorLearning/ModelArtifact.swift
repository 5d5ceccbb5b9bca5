/// A model file: everything the runtime needs to score, and everything a person needs to trust it.
///
/// One JSON file per model. The schema version is checked on load; a file written by a newer
/// advisor with an unknown version is refused rather than misread.
public struct ModelArtifact: Codable, Sendable, Equatable {
    /// The schema version this build reads and writes.
    public static let currentSchemaVersion = 1

    /// The kind of fit.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case ridge, logistic, quantile
    }

    /// How the linear predictor `η` becomes a prediction.
    public enum Link: String, Codable, Sendable, CaseIterable {
        /// `η` itself.
        case identity
        /// `1/(1+e^−η)`: a probability.
        case logistic
        /// `e^η`: the model was fitted to `log(target)`.
        case exp
        /// `e^η − 1`: the model was fitted to `log(1 + target)`.
        case expm1
    }

    /// Where the training rows came from.
    public struct TrainingData: Codable, Sendable, Equatable {
        /// The input file as given.
        public var source: String
        /// A content fingerprint of the input file (see `Fingerprint`).
        public var fingerprint: String
        /// Rows used to fit this model.
        public var rows: Int
        /// First and last timestamp of the fitted rows, when the input has timestamps.
        public var timeRange: [Double]?
        /// How the rows were split: for example "first 80% of 113872 rows by time".
        public var split: String

        public init(source: String, fingerprint: String, rows: Int, timeRange: [Double]? = nil, split: String) {
            self.source = source
            self.fingerprint = fingerprint
            self.rows = rows
            self.timeRange = timeRange
            self.split = split
        }
    }

    /// Scores on rows the model never saw, beside a naive baseline on the same rows.
    public struct Evaluation: Codable, Sendable, Equatable {
        /// Hold-out rows scored.
        public var rows: Int
        /// The model's metrics (names from `Metrics`).
        public var metrics: [String: Double]
        /// What the baseline predicts, for example "training mean" or "EWMA of the backend's latency".
        public var baseline: String
        /// The baseline's metrics on the same rows.
        public var baselineMetrics: [String: Double]

        public init(rows: Int, metrics: [String: Double], baseline: String, baselineMetrics: [String: Double]) {
            self.rows = rows
            self.metrics = metrics
            self.baseline = baseline
            self.baselineMetrics = baselineMetrics
        }
    }

    public var schemaVersion: Int
    /// A stable name for what the model predicts, for example "latency-p99" or "next-60s".
    public var name: String
    public var kind: Kind
    /// The column or label the model predicts.
    public var target: String
    public var link: Link
    /// τ of a quantile model.
    public var quantile: Double?
    /// The L2 penalty used.
    public var alpha: Double
    /// Feature names, in the order the scorer expects them.
    public var features: [String]
    public var standardization: Standardization
    /// Intercept on the standardized scale.
    public var intercept: Double
    /// Coefficients on the standardized scale, in feature order.
    public var coefficients: [Double]
    public var training: TrainingData
    public var holdout: Evaluation?
    public var diagnostics: FitDiagnostics
    /// The program and version that wrote the file.
    public var createdBy: String

    public init(
        name: String, kind: Kind, target: String, link: Link, quantile: Double? = nil, alpha: Double,
        features: [String], model: LinearModel, training: TrainingData, holdout: Evaluation?, createdBy: String = "advisor 0.1.0"
    ) {
        self.schemaVersion = Self.currentSchemaVersion
        self.name = name
        self.kind = kind
        self.target = target
        self.link = link
        self.quantile = quantile
        self.alpha = alpha
        self.features = features
        self.standardization = model.standardization
        self.intercept = model.intercept
        self.coefficients = model.coefficients
        self.training = training
        self.holdout = holdout
        self.diagnostics = model.diagnostics
        self.createdBy = createdBy
    }

    /// The fitted predictor this file holds.
    public var linearModel: LinearModel {
        LinearModel(standardization: standardization, intercept: intercept, coefficients: coefficients, diagnostics: diagnostics)
    }

    /// Checks that the file can be trusted: known version, consistent shapes, finite numbers, positive scales.
    /// - Parameter expectedFeatures: when given, the features the caller will supply, in order; any difference is refused.
    /// - Throws: `LearningError` with code `.invalidModel` naming what is wrong.
    public func validate(expectedFeatures: [String]? = nil) throws(LearningError) {
        guard schemaVersion == Self.currentSchemaVersion else {
            throw LearningError(
                .invalidModel, "schema version \(schemaVersion) is not the version this advisor reads (\(Self.currentSchemaVersion))")
        }
        let p = features.count
        guard coefficients.count == p, standardization.mean.count == p, standardization.scale.count == p else {
            throw LearningError(
                .invalidModel,
                "\(p) feature names but \(coefficients.count) coefficients, \(standardization.mean.count) means and \(standardization.scale.count) scales"
            )
        }
        guard Set(features).count == p else { throw LearningError(.invalidModel, "feature names repeat") }
        let numbers = [intercept, alpha] + coefficients + standardization.mean + standardization.scale
        guard numbers.allSatisfy(\.isFinite) else { throw LearningError(.invalidModel, "the model holds NaN or infinite numbers") }
        guard standardization.scale.allSatisfy({ $0 > 0 }) else { throw LearningError(.invalidModel, "a feature scale is not positive") }
        try checkPredictionsStayFinite()
        if kind == .quantile {
            guard let quantile, quantile > 0, quantile < 1 else {
                throw LearningError(.invalidModel, "a quantile model needs a quantile in (0, 1)")
            }
        }
        if let expectedFeatures, expectedFeatures != features {
            let missing = expectedFeatures.filter { !features.contains($0) }
            let extra = features.filter { !expectedFeatures.contains($0) }
            throw LearningError(
                .invalidModel,
                "the model's features \(features) are not the ones supplied \(expectedFeatures)"
                    + (missing.isEmpty ? "" : "; not in the model: \(missing)") + (extra.isEmpty ? "" : "; only in the model: \(extra)"))
        }
    }

    /// How far from the training means, in standard deviations, the features may lie for predictions that
    /// must stay finite, and the largest linear predictor accepted there.
    static let plausibleReach = 1_000.0
    static let largestPredictor = 1e100

    /// Refuses finite coefficients that still predict ±∞ or NaN (or numbers no target has) for inputs like
    /// the training data: on the features' own scale and anywhere within `plausibleReach` standard
    /// deviations of their means, the linear predictor must stay within `largestPredictor`.
    private func checkPredictionsStayFinite() throws(LearningError) {
        let model = linearModel
        guard model.rawCoefficients.allSatisfy(\.isFinite), model.rawIntercept.isFinite else {
            throw LearningError(.invalidModel, "the coefficients overflow on the features' own scale (a scale or mean too extreme)")
        }
        let reach = coefficients.reduce(abs(intercept)) { $0 + abs($1) * Self.plausibleReach }
        guard reach <= Self.largestPredictor else {
            throw LearningError(
                .invalidModel,
                "the coefficients are too extreme: within \(Int(Self.plausibleReach)) standard deviations of the training means "
                    + "the predictor reaches \(reach), beyond \(Self.largestPredictor)")
        }
    }
}
