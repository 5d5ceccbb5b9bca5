public import AdvisorLearning

extension ReuseTimeModel {
    /// Loads a `cache-eviction` or `cache-reuse` model written by `advisor train`.
    /// - Throws: `LearningError` when the file is missing, malformed, of another schema version,
    ///   or made for other features than `ObjectHistory.featureNames`.
    public init(file path: String) throws(LearningError) {
        self.init(try ModelArtifact.load(path: path, expectedFeatures: ObjectHistory.featureNames))
    }

    /// The model in an artifact whose features are `ObjectHistory.featureNames` (checked by the loader).
    public init(_ artifact: ModelArtifact) {
        let model = artifact.linearModel
        self.init(weights: model.rawCoefficients, bias: model.rawIntercept)
    }
}

extension Prefetcher {
    /// Loads the `cache-prefetch` model written by `advisor train` into `model`.
    /// - Throws: `LearningError` as `ModelArtifact.load`, or when the model is not logistic.
    public mutating func loadModel(file path: String) throws(LearningError) {
        let artifact = try ModelArtifact.load(path: path, expectedFeatures: Self.featureNames)
        guard artifact.link == .logistic else {
            throw LearningError(.invalidArgument, "\(path): a prefetch model must be logistic, not \(artifact.kind.rawValue)")
        }
        model = (artifact.linearModel.rawCoefficients, artifact.linearModel.rawIntercept)
    }
}
