public import AdvisorCache
import AdvisorSupport
import AdvisorTraces
import AdvisorTraining
import Foundation

extension CacheSimulation {
    /// The adaptive TTL keeps an entry for this many times its predicted reuse time.
    static let adaptiveMultiplier = 2.0
    /// Fixed TTLs, as multiples of the median reuse gap of the training part.
    static let fixedTTLMultiples: [Double] = [0.25, 0.5, 1, 2, 4, 8, 16, 64, 256]

    /// Hit ratio against memory held, for adaptive TTLs and a sweep of fixed ones (or the one fixed TTL given),
    /// each on the first chosen policy at this size.
    static func ttlSweep(
        _ choice: TTLChoice, capacity: Int, size: SizeChoice, replay: CacheReplay, split: Int, models: CacheModelTrainer.Models?,
        clock: [Double]?, clockPerRequest: Double, objectSizes: [UInt32], options: Options, progress: ProgressHandler?
    ) throws(CacheConfigurationError) -> [Result] {
        guard let policy = options.policies.first(where: { !$0.prefetch }) ?? options.policies.first else { return [] }
        var rules: [(String, CacheReplay.TTLRule)] = []
        switch choice {
        case .fixed(let value):
            rules = [("\(value.formatted())", .fixed(value))]
        case .adaptive:
            let median = medianReuseGap(replay.ids, split: split, clock: clock)
            rules = fixedTTLMultiples.map { multiple in
                ("\((median * multiple).formatted(.number.precision(.significantDigits(3))))", .fixed(median * multiple))
            }
            if let reuse = models?.reuse {
                // The same grid as the fixed TTLs, as the adaptive TTL's horizon: each fixed TTL has an
                // adaptive counterpart that never keeps an entry longer.
                rules += fixedTTLMultiples.map { multiple in
                    let horizon = median * multiple
                    let advisor = AdaptiveTTL(
                        model: reuse, multiplier: adaptiveMultiplier, clockPerRequest: clockPerRequest, horizon: horizon)
                    return ("adaptive≤\(horizon.formatted(.number.precision(.significantDigits(3))))", .adaptive(advisor))
                }
            }
        }
        let unitName = clock == nil ? "requests" : "seconds"
        return try rules.map { (name, rule) throws(CacheConfigurationError) in
            progress?("replaying \(policy) with TTL \(name) at size \(size)")
            var extras: CacheReplay.Extras? = CacheReplay.Extras(ttl: rule, clock: clock, objectSizes: objectSizes)
            let plain = PolicyChoice("\(policy.name)")!
            let (tally, seconds) = try replayOnce(
                plain, capacity: capacity, replay: replay, split: split, models: models, extras: &extras, options: options)
            var result = Result(
                choice: plain, size: size, capacity: capacity, unit: options.unit, tally: tally, seconds: seconds,
                replayed: replay.ids.count)
            result.ttl = TTLFigures(
                rule: name, hitRatio: 1 - tally.missRatio, meanResidentObjects: tally.meanResidentObjects, objectTime: tally.objectTime,
                timeUnit: unitName, expirations: tally.expirations)
            return result
        }
    }

    /// Median time between consecutive requests for the same object in the training part (clock units).
    static func medianReuseGap(_ ids: [ObjectID], split: Int, clock: [Double]?) -> Double {
        var last: [ObjectID: Int] = [:]
        var gaps: [Double] = []
        let end = split > 0 ? split : min(ids.count, 1_000_000)
        for index in 0..<end {
            if let previous = last[ids[index]] { gaps.append((clock?[index] ?? Double(index)) - (clock?[previous] ?? Double(previous))) }
            last[ids[index]] = index
        }
        guard !gaps.isEmpty else { return 1 }
        return max(EmpiricalQuantile.value(0.5, of: gaps), clock == nil ? 1 : 1e-3)
    }
}
