public import AdvisorCache
public import AdvisorLearning
import AdvisorTraces
import AdvisorTraining
import Foundation

extension CacheSimulation {
    /// Loads the models from `--model`, or trains them on the first `split` requests at this capacity.
    static func loadOrTrain(
        _ trace: AccessTrace, split: Int, capacity: Int, size: SizeChoice, addresses: AddressMap?, source: TrainingSource,
        options: Options, progress: ProgressHandler?
    ) throws(LearningError) -> CacheModelTrainer.Models {
        if let folder = options.modelDirectory { return try load(folder) }
        progress?("training cache models at size \(size) on the first \(split) requests")
        let trainer = CacheModelTrainer(
            ids: trace.ids, sizes: trace.sizes, uniqueCount: trace.uniqueCount, nextAddress: addresses?.nextAddress ?? [])
        var setup = CacheModelTrainer.Setup(capacity: capacity, unit: options.unit, split: split)
        setup.candidates = options.candidates
        return try trainer.train(setup, source: source, progress: progress)
    }

    /// Reads `cache-eviction.json` (required) and `cache-reuse.json`, `cache-prefetch.json` (optional) from a folder,
    /// with the loader an application uses (`CacheModels`).
    static func load(_ folder: String) throws(LearningError) -> CacheModelTrainer.Models {
        let models = try CacheModels.load(folder: folder)
        return CacheModelTrainer.Models(
            eviction: models.eviction, reuse: models.reuse, prefetch: models.prefetchModel,
            artifacts: models.artifacts.map { TrainedModel(artifact: $0, fitSeconds: 0) }, prefetchHorizon: 0)
    }
}
