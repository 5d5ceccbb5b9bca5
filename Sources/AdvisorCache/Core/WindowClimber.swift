/// Caffeine's hill climber for W-TinyLFU's window size: after each sample of requests it compares
/// the sample's hit rate with the previous one's, keeps moving the window the same way while
/// the hit rate does not fall and turns back when it does, with a step that decays each sample
/// and resets when the hit rate jumps (the workload changed).
///
/// Caffeine's constants: a sample is ten times the cache's entries, the step starts at 6.25% of the
/// capacity and decays by 0.98 per sample, and a hit-rate change of 5 points restarts it. The first
/// step grows the window (libCacheSim's 1% window is the starting point, so there is little room
/// below it).
struct WindowClimber {
    static let stepShare = 0.0625
    static let stepDecay = 0.98
    static let restartThreshold = 0.05

    private let sampleSize: Int
    private let initialStep: Double
    private var step: Double
    private var hits = 0
    private var requests = 0
    private var previousHitRate = 0.0

    /// - Parameters:
    ///   - capacity: the cache's capacity, in its unit (steps are shares of it).
    ///   - entries: how many objects the cache holds (a sample is ten times as many requests).
    init(capacity: Int, entries: Int) {
        sampleSize = max(1, 10 * entries)
        initialStep = Self.stepShare * Double(capacity)
        step = initialStep
    }

    /// Counts one request; after a full sample, returns how much to grow (positive) or shrink the
    /// window by, in the capacity's unit.
    mutating func record(hit: Bool) -> Int? {
        requests += 1
        if hit { hits += 1 }
        guard requests >= sampleSize else { return nil }
        let hitRate = Double(hits) / Double(requests)
        hits = 0
        requests = 0
        let change = hitRate - previousHitRate
        previousHitRate = hitRate
        let amount = change >= 0 ? step : -step
        step = abs(change) >= Self.restartThreshold ? (amount >= 0 ? initialStep : -initialStep) : Self.stepDecay * amount
        return Int(amount.rounded())
    }
}
