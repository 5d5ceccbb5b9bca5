public import AdvisorCache
public import AdvisorLearning
public import AdvisorTraces
import Foundation

/// `advisor train` on an access trace: the cache models, fitted on the earlier part of the trace
/// and scored on the later part, for a cache of a given size.
///
/// The models are the ones `advisor simulate cache --model` and the runtime cache load:
/// `cache-eviction`, `cache-reuse` and `cache-prefetch` (see `CacheModelTrainer`). Their rows
/// come from `ObjectHistory` and `Prefetcher`, the runtime's own code.
public enum AccessTrainer {
    public struct Options: Sendable {
        /// Fraction of the requests, at the end, held out for scoring.
        public var holdoutFraction = 0.2
        /// The cache the eviction and prefetch models are trained for.
        public var cacheSize = CacheSize.percent(10)
        public var unit = CapacityUnit.objects
        /// Ridge penalty of the reuse-time models; chosen by time-ordered cross-validation when nil.
        public var alpha: Double?

        public init() {}
    }

    /// Replays, labels, fits and scores.
    /// - Returns: the fitted models (not yet written) and the report.
    public static func train(
        _ trace: AccessTrace, source: TrainingSource, options: Options, progress: ProgressHandler? = nil
    ) throws(LearningError) -> (models: [TrainedModel], report: TrainingReport) {
        let n = trace.count
        let split = try trainingSplit(rows: n, holdoutFraction: options.holdoutFraction)
        let addresses = trace.keysAreAddresses ? AddressMap(keys: trace.keys) : nil
        let workingSet =
            options.unit == .objects
            ? Double(trace.uniqueCount) : trace.objectSizes(extra: 0).reduce(0.0) { $0 + Double($1) }
        let capacity = options.cacheSize.capacity(workingSet: workingSet, unit: options.unit)
        let trainer = CacheModelTrainer(
            ids: trace.ids, sizes: trace.sizes, uniqueCount: trace.uniqueCount, nextAddress: addresses?.nextAddress ?? [])
        var setup = CacheModelTrainer.Setup(capacity: capacity, unit: options.unit, split: split)
        setup.alpha = options.alpha
        let models = try trainer.train(setup, source: source, progress: progress)
        let notes = [
            "features come from the runtime's ObjectHistory and Prefetcher; time is counted in requests",
            "eviction and prefetch models are trained for a cache of \(capacity) \(options.unit.rawValue) (--cache-size \(options.cacheSize))",
            "training labels use only the first \(split) requests; a next request beyond them is censored, never read",
        ]
        let report = TrainingReport(
            kind: .access, source: source.path, rows: n, trainRows: split, features: ObjectHistory.featureNames, notes: notes,
            trained: models.artifacts)
        return (models.artifacts, report)
    }
}
