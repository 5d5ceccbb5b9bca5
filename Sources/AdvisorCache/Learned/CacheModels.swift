package import AdvisorLearning
import Foundation

/// The learned parts of a cache, loaded in one call from the folder `advisor train` wrote.
///
/// ```swift
/// let models = try CacheModels(folder: "Models")
/// ```
///
/// The folder holds `cache-eviction.json` (required), and `cache-reuse.json` and
/// `cache-prefetch.json` when the trainer wrote them. Every file is checked when it is loaded:
/// its schema version, its feature names against the features this library computes, and that
/// every number is finite; a model that does not fit its use is an error then, never later.
public struct CacheModels: Sendable {
    /// The file names of the three models in a model folder.
    package static let fileNames = (eviction: "cache-eviction.json", reuse: "cache-reuse.json", prefetch: "cache-prefetch.json")

    /// Predicts an object's log time to its next request, when the policy chooses a victim.
    package let eviction: ReuseTimeModel
    /// Predicts the same at each request, for the adaptive TTL (the eviction model without one).
    package let reuse: ReuseTimeModel
    /// The prefetcher's logistic model over `Prefetcher.featureNames`, if the folder has one.
    package let prefetchModel: (weights: [Double], bias: Double)?
    /// The files as loaded, with their training data and hold-out scores.
    package let artifacts: [ModelArtifact]

    /// Loads the models in `folder`.
    /// - Throws: `CacheConfigurationError` naming the file when `cache-eviction.json` is missing,
    ///   or when a file is malformed, of another schema version, made for other features, not
    ///   finite, or (the prefetch model) not logistic.
    public init(folder: String) throws(CacheConfigurationError) {
        do {
            self = try Self.load(folder: folder)
        } catch {
            throw CacheConfigurationError(error.message)
        }
    }

    /// Loads the models in `folder`, as `init(folder:)` does, with the trainer's error type.
    /// - Throws: `LearningError` naming the file.
    package static func load(folder: String) throws(LearningError) -> CacheModels {
        func load(_ name: String, features: [String], required: Bool) throws(LearningError) -> ModelArtifact? {
            let path = (folder as NSString).appendingPathComponent(name)
            guard required || FileManager.default.fileExists(atPath: path) else { return nil }
            return try ModelArtifact.load(path: path, expectedFeatures: features)
        }
        let eviction = try load(fileNames.eviction, features: ObjectHistory.featureNames, required: true)!
        let reuse = try load(fileNames.reuse, features: ObjectHistory.featureNames, required: false)
        let prefetch = try load(fileNames.prefetch, features: Prefetcher.featureNames, required: false)
        if let prefetch, prefetch.link != .logistic {
            throw LearningError(
                .invalidArgument, "\(folder)/\(fileNames.prefetch): a prefetch model must be logistic, not \(prefetch.kind.rawValue)")
        }
        return CacheModels(eviction: eviction, reuse: reuse, prefetch: prefetch)
    }

    /// The models in artifacts whose features were checked when they were loaded.
    package init(eviction: ModelArtifact, reuse: ModelArtifact?, prefetch: ModelArtifact?) {
        self.eviction = ReuseTimeModel(eviction)
        self.reuse = reuse.map(ReuseTimeModel.init) ?? self.eviction
        prefetchModel = prefetch.map { ($0.linearModel.rawCoefficients, $0.linearModel.rawIntercept) }
        artifacts = [eviction, reuse, prefetch].compactMap { $0 }
    }

    /// Adaptive expiry: each entry lives `multiplier` × its predicted reuse time.
    /// - Parameters:
    ///   - multiplier: how many predicted reuse times an entry stays; larger holds more memory
    ///     for more hits.
    ///   - secondsPerRequest: your cache's mean time between requests (the model predicts
    ///     reuse in requests).
    /// - Throws: `CacheConfigurationError` unless both are finite and positive.
    public func expiry(multiplier: Double = 2, secondsPerRequest: Double) throws(CacheConfigurationError) -> CacheExpiry {
        guard multiplier.isFinite, multiplier > 0, secondsPerRequest.isFinite, secondsPerRequest > 0 else {
            throw CacheConfigurationError(
                "multiplier and secondsPerRequest must be finite and positive, got \(multiplier) and \(secondsPerRequest)")
        }
        return .policy(AdaptiveTTL(model: reuse, multiplier: multiplier, clockPerRequest: secondsPerRequest))
    }

    /// Learned prefetching: after each `get`, the keys that most often followed it (learned
    /// online) are loaded ahead when the model rates them likely to be asked for soon.
    /// Without a prefetch model in the folder, only `prefetch(_:)` prefetches.
    /// - Parameter maxInFlight: the most prefetch loads at once.
    public func prefetch(maxInFlight: Int = 8) -> PrefetchConfiguration {
        guard let prefetchModel else { return PrefetchConfiguration(maxInFlight: maxInFlight) }
        var prefetcher = Prefetcher()
        prefetcher.model = prefetchModel
        return PrefetchConfiguration(maxInFlight: maxInFlight, advisor: prefetcher)
    }
}

extension ReuseTimeModel {
    /// The model in an artifact whose features are `ObjectHistory.featureNames` (checked by the loader).
    package init(_ artifact: ModelArtifact) {
        let model = artifact.linearModel
        self.init(weights: model.rawCoefficients, bias: model.rawIntercept)
    }
}
