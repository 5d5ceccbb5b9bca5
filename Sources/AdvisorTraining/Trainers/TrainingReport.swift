public import AdvisorLearning
import AdvisorSupport
public import AdvisorTraces

/// The input a model is trained on, as recorded in its file.
public struct TrainingSource: Sendable {
    public var path: String
    public var fingerprint: String

    public init(path: String, fingerprint: String) {
        self.path = path
        self.fingerprint = fingerprint
    }
}

/// One fitted model and what it cost.
public struct TrainedModel: Sendable {
    public var artifact: ModelArtifact
    /// Wall-clock seconds spent fitting (not reading).
    public var fitSeconds: Double

    package init(artifact: ModelArtifact, fitSeconds: Double) {
        self.artifact = artifact
        self.fitSeconds = fitSeconds
    }
}

/// What `advisor train` did: the split, the features, and each model beside its baseline.
public struct TrainingReport: Codable, Sendable {
    public struct Model: Codable, Sendable {
        public var name: String
        public var file: String?
        public var kind: ModelArtifact.Kind
        public var target: String
        public var quantile: Double?
        public var alpha: Double
        public var trainRows: Int
        public var fitSeconds: Double
        public var holdout: ModelArtifact.Evaluation?
        public var diagnostics: FitDiagnostics
    }

    public var kind: TraceKind
    public var source: String
    public var rows: Int
    public var trainRows: Int
    public var holdoutRows: Int
    public var features: [String]
    /// Facts a user should know about how the data was read or labelled.
    public var notes: [String]
    public var models: [Model]

    init(kind: TraceKind, source: String, rows: Int, trainRows: Int, features: [String], notes: [String], trained: [TrainedModel]) {
        self.kind = kind
        self.source = source
        self.rows = rows
        self.trainRows = trainRows
        self.holdoutRows = rows - trainRows
        self.features = features
        self.notes = notes
        self.models = trained.map {
            Model(
                name: $0.artifact.name, file: nil, kind: $0.artifact.kind, target: $0.artifact.target, quantile: $0.artifact.quantile,
                alpha: $0.artifact.alpha, trainRows: $0.artifact.training.rows, fitSeconds: $0.fitSeconds, holdout: $0.artifact.holdout,
                diagnostics: $0.artifact.diagnostics)
        }
    }
}

/// Time-ordered split: the first `1 − holdout` of the rows train, the rest is scored.
package func trainingCount(rows: Int, holdoutFraction: Double) -> Int {
    min(rows, max(0, rows - Int((Double(rows) * holdoutFraction).rounded())))
}

/// The trainers' split of `rows` time-ordered requests: `trainingCount`, refused when it leaves
/// fewer than two requests to train on or none to score.
package func trainingSplit(rows: Int, holdoutFraction: Double) throws(LearningError) -> Int {
    let split = trainingCount(rows: rows, holdoutFraction: holdoutFraction)
    guard split >= 2, split < rows else {
        throw LearningError(.tooFewRows, "\(rows) requests are too few to split into training and hold-out parts")
    }
    return split
}

/// Times a fit with the monotonic clock.
func timed<T>(_ body: () throws(LearningError) -> T) throws(LearningError) -> (T, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let value = try body()
    let elapsed = clock.now - start
    return (value, elapsed.seconds)
}

/// Linear predictors of a model on every row of a dataset.
func predictions(_ model: LinearModel, _ data: Dataset) -> [Double] {
    (0..<data.rowCount).map { row in model.linearPredictor(data.features[(row * data.featureCount)..<((row + 1) * data.featureCount)]) }
}
