public import AdvisorCache
public import AdvisorLearning
import AdvisorTraces
import AdvisorTraining
import Foundation

extension CacheSimulation {
    /// File names of the cache models in a model folder.
    public static let modelFiles = ["cache-eviction": "cache-eviction.json", "cache-reuse": "cache-reuse.json", "cache-prefetch": "cache-prefetch.json"]

    /// Loads the models from `--model`, or trains them on the first `split` requests at this capacity.
    static func loadOrTrain(
        _ trace: AccessTrace, split: Int, capacity: Int, size: SizeChoice, addresses: AddressMap?, source: TrainingSource,
        options: Options, progress: ProgressHandler?
    ) throws(LearningError) -> CacheModelTrainer.Models {
        if let folder = options.modelDirectory { return try load(folder) }
        progress?("training cache models at size \(size) on the first \(split) requests")
        let trainer = CacheModelTrainer(ids: trace.ids, sizes: trace.sizes, uniqueCount: trace.uniqueCount, nextAddress: addresses?.nextAddress ?? [])
        var setup = CacheModelTrainer.Setup(capacity: capacity, unit: options.unit, split: split)
        setup.candidates = options.candidates
        setup.seed = options.seed
        return try trainer.train(setup, source: source, progress: progress)
    }

    /// Reads `cache-eviction.json` (required) and `cache-reuse.json`, `cache-prefetch.json` (optional) from a folder.
    static func load(_ folder: String) throws(LearningError) -> CacheModelTrainer.Models {
        func read(_ name: String, features: [String], required: Bool) throws(LearningError) -> ModelArtifact? {
            let path = (folder as NSString).appendingPathComponent(modelFiles[name]!)
            guard required || FileManager.default.fileExists(atPath: path) else { return nil }
            return try ModelArtifact.load(path: path, expectedFeatures: features)
        }
        let eviction = try read("cache-eviction", features: ObjectHistory.featureNames, required: true)!
        let reuse = try read("cache-reuse", features: ObjectHistory.featureNames, required: false)
        let prefetch = try read("cache-prefetch", features: Prefetcher.featureNames, required: false)
        return CacheModelTrainer.Models(
            eviction: ReuseTimeModel(eviction), reuse: reuse.map(ReuseTimeModel.init) ?? ReuseTimeModel(eviction),
            prefetch: prefetch.map { ($0.linearModel.rawCoefficients, $0.linearModel.rawIntercept) },
            artifacts: [eviction, reuse, prefetch].compactMap { $0.map { TrainedModel(artifact: $0, fitSeconds: 0) } },
            prefetchHorizon: 0)
    }
}
