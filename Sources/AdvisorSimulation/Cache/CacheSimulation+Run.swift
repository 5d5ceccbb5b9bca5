public import AdvisorCache
public import AdvisorLearning
import AdvisorSupport
public import AdvisorTraces
public import AdvisorTraining
import Foundation

extension CacheSimulation {
    /// Replays every policy × size (× TTL rule) over `trace`.
    /// - Throws: `LearningError` when a model cannot be trained or loaded, `CacheConfigurationError` for an impossible size.
    public static func run(
        _ trace: AccessTrace, source: TrainingSource, options: Options, progress: ProgressHandler? = nil
    ) throws -> Report {
        let n = trace.count
        let split = min(n, Int((Double(n) * options.trainFraction).rounded()))
        let replay = CacheReplay(ids: trace.ids, sizes: trace.sizes, unit: options.unit)
        let addresses = trace.keysAreAddresses ? AddressMap(keys: trace.keys) : nil
        let objectSizes = trace.objectSizes(extra: addresses?.phantomCount ?? 0)
        let workingSet =
            options.unit == .objects ? Double(trace.uniqueCount) : objectSizes.prefix(trace.uniqueCount).reduce(0.0) { $0 + Double($1) }
        let clock = trace.monotonicClock
        let clockPerRequest = clock.map { split > 1 ? max(1e-9, ($0[split - 1] - $0[0]) / Double(split - 1)) : 1 } ?? 1
        let needsModels = options.policies.contains { $0.isLearned || $0.prefetch } || options.ttl == .adaptive
        if needsModels, split < 2, options.modelDirectory == nil {
            throw LearningError(.tooFewRows, "learned policies need a training part: give --train-fraction > 0 or --model")
        }

        var results: [Result] = []
        var summaries: [ModelSummary] = []
        for size in options.sizes {
            let capacity = size.capacity(workingSet: workingSet, unit: options.unit)
            var models: CacheModelTrainer.Models?
            if needsModels {
                models = try loadOrTrain(
                    trace, split: split, capacity: capacity, size: size, addresses: addresses, source: source, options: options,
                    progress: progress)
                summaries += models!.artifacts.map { ModelSummary(size: size, $0.artifact) }
            }
            var missesWithout: [String: Int] = [:]
            let sizeStart = results.count
            for choice in options.policies {
                progress?("replaying \(choice) at size \(size) (\(capacity) \(options.unit.rawValue))")
                var extras: CacheReplay.Extras?
                if choice.prefetch {
                    var prefetcher = Prefetcher(nextAddress: addresses?.nextAddress ?? [], expectedObjects: objectSizes.count)
                    prefetcher.model = models?.prefetch
                    extras = CacheReplay.Extras(prefetcher: prefetcher, clock: clock, objectSizes: objectSizes)
                }
                let (tally, seconds) = try replayOnce(
                    choice, capacity: capacity, replay: replay, split: split, models: models, extras: &extras, options: options)
                if !choice.prefetch { missesWithout[choice.name] = tally.misses }
                var result = Result(
                    choice: choice, size: size, capacity: capacity, unit: options.unit, tally: tally, seconds: seconds, replayed: n)
                if choice.prefetch {
                    let base = missesWithout[choice.name]
                    result.prefetch = PrefetchFigures(
                        fetches: tally.prefetches, used: tally.prefetchesUsed, wasted: tally.prefetchesWasted,
                        precision: tally.prefetchPrecision,
                        coverage: base.map { $0 == 0 ? 0 : Double($0 - tally.misses) / Double($0) },
                        extraFetchesPerRequest: tally.requests == 0 ? 0 : Double(tally.prefetches) / Double(tally.requests))
                }
                results.append(result)
            }
            closeGaps(&results[sizeStart...])
            if let ttl = options.ttl {
                results += try ttlSweep(
                    ttl, capacity: capacity, size: size, replay: replay, split: split, models: models, clock: clock,
                    clockPerRequest: clockPerRequest, objectSizes: objectSizes, options: options, progress: progress)
            }
        }
        let note =
            split == 0
            ? "all \(n) requests are counted (--train-fraction 0); caches start empty"
            : "the first \(split) requests (\(Int(options.trainFraction * 100))%) train the models and warm every cache; only the last \(n - split) are counted"
        return Report(
            trace: source.path, format: trace.format.rawValue, requests: n, uniqueObjects: trace.uniqueCount, warmupRequests: split,
            countedRequests: n - split, note: note, models: summaries, results: results)
    }

    /// Sets `beladyGapClosed` on one size's results: (best heuristic − policy) / (best heuristic −
    /// Belady), the heuristics being the baselines without prefetching.
    static func closeGaps(_ results: inout ArraySlice<Result>) {
        let baselines = results.filter { !$0.policy.contains("+") && BaselinePolicy(rawValue: $0.policy) != nil }
        guard let belady = baselines.first(where: { $0.policy == BaselinePolicy.belady.rawValue })?.missRatio,
            let best = baselines.filter({ $0.policy != BaselinePolicy.belady.rawValue }).map(\.missRatio).min(), best > belady
        else { return }
        for index in results.indices { results[index].beladyGapClosed = (best - results[index].missRatio) / (best - belady) }
    }

    /// Replays one policy once; the time covers the replay only (not training).
    static func replayOnce(
        _ choice: PolicyChoice, capacity: Int, replay: CacheReplay, split: Int, models: CacheModelTrainer.Models?,
        extras: inout CacheReplay.Extras?, options: Options
    ) throws(CacheConfigurationError) -> (CacheTally, Double) {
        let spec: CacheReplay.PolicySpec
        if choice.isLearned {
            spec = .learned(models?.eviction ?? .recency, candidates: options.candidates, learnsOnline: options.learnsOnline)
        } else {
            let baseline = BaselinePolicy(rawValue: choice.name)!
            spec = .baseline(baseline, nextAccess: baseline == .belady ? NextAccess.compute(replay.ids) : nil)
        }
        // The fastest of `repeats` runs: a shared machine only ever slows a replay down. Every run
        // replays the same requests from scratch, so the counts are the same each time.
        let clock = ContinuousClock()
        var fastest = Double.infinity
        var tally = CacheTally()
        let initialExtras = extras
        for _ in 0..<max(1, options.repeats) {
            var runExtras = initialExtras
            let start = clock.now
            tally = try replay.simulate(spec, capacity: capacity, requests: 0..<replay.ids.count, countedFrom: split, extras: &runExtras)
            fastest = min(fastest, (clock.now - start).seconds)
            extras = runExtras
        }
        return (tally, fastest)
    }
}

extension CacheSimulation.Result {
    init(
        choice: CacheSimulation.PolicyChoice, size: CacheSimulation.SizeChoice, capacity: Int, unit: CapacityUnit, tally: CacheTally,
        seconds: Double, replayed: Int
    ) {
        self.init(
            policy: choice.description, size: size.description, capacity: capacity, unit: unit.rawValue, requests: tally.requests,
            missRatio: tally.missRatio, byteMissRatio: tally.byteMissRatio, requestsPerSecond: seconds > 0 ? Double(replayed) / seconds : 0,
            fetchesPerRequest: tally.fetchesPerRequest, refits: tally.refits, overrides: tally.overrides)
    }
}

extension CacheSimulation.ModelSummary {
    init(size: CacheSimulation.SizeChoice, _ artifact: ModelArtifact) {
        self.init(
            name: artifact.name, size: size.description, trainingRows: artifact.training.rows,
            holdout: artifact.holdout?.metrics ?? [:], baseline: artifact.holdout?.baselineMetrics ?? [:])
    }
}
