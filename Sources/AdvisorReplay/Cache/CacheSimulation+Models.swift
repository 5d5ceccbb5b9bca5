public import AdvisorCache
public import AdvisorLearning
import Foundation

extension CacheSimulation {
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

    /// Reads `cache-eviction.json` (required) and `cache-reuse.json`, `cache-prefetch.json` (optional) from a folder,
    /// with the loader an application uses (`CacheModels`).
    static func load(_ folder: String) throws(LearningError) -> CacheModelTrainer.Models {
        let models = try CacheModels.load(folder: folder)
        return CacheModelTrainer.Models(
            eviction: models.eviction, reuse: models.reuse, prefetch: models.prefetchModel,
            artifacts: models.artifacts.map { TrainedModel(artifact: $0, fitSeconds: 0) }, prefetchHorizon: 0)
    }
}

/// Ids of the next address of every object, for sequential prefetching over block or page numbers.
///
/// An address that the trace never requests still exists on the device: it gets a "phantom" id
/// past the trace's ids, so prefetching it costs a fetch and cache space like any other.
struct AddressMap {
    /// Per id (real and phantom), the id at the next address, or `ObjectID.max`.
    let nextAddress: [ObjectID]
    let phantomCount: Int

    init(keys: [UInt64]) {
        var idOf: [UInt64: ObjectID] = [:]
        idOf.reserveCapacity(keys.count)
        for (id, key) in keys.enumerated() { idOf[key] = ObjectID(id) }
        var next = [ObjectID](repeating: .max, count: keys.count)
        var phantoms = 0
        for (id, key) in keys.enumerated() where key != .max {
            if let known = idOf[key + 1] {
                next[id] = known
            } else {
                next[id] = ObjectID(keys.count + phantoms)
                phantoms += 1
            }
        }
        next.append(contentsOf: repeatElement(.max, count: phantoms))
        nextAddress = next
        phantomCount = phantoms
    }
}

extension AccessTrace {
    /// Size of each object (its first request's size), with `extra` phantom objects of the median size.
    func objectSizes(extra: Int) -> [UInt32] {
        var sizes = [UInt32](repeating: 0, count: uniqueCount)
        for index in ids.indices.reversed() { sizes[Int(ids[index])] = self.sizes[index] }
        let typical = sizes.isEmpty ? 1 : sizes.sorted()[sizes.count / 2]
        return sizes + repeatElement(max(1, typical), count: extra)
    }

    /// Request times in seconds, made non-decreasing (log files are not always in time order); nil without timestamps.
    var monotonicClock: [Double]? {
        guard let timestamps else { return nil }
        var latest = -Double.infinity
        return timestamps.map { value in
            latest = max(latest, value)
            return latest
        }
    }
}
