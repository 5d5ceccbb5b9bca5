/// One level's counters. `lookups == hits + misses + errors`: an error (the level down, its
/// breaker open, a value it cannot decode) is counted once and the read goes to the next level.
public struct LevelStatistics: Sendable, Equatable {
    public internal(set) var lookups = 0
    public internal(set) var hits = 0
    public internal(set) var misses = 0
    /// Lookups that failed or were skipped (breaker open, no connection, undecodable value).
    public internal(set) var errors = 0
    /// Writes to the level that failed (ignored by the caller; the level is a cache).
    public internal(set) var writeErrors = 0
    /// Time spent in lookups, in nanoseconds.
    public internal(set) var lookupNanoseconds: Int64 = 0

    /// Hits over lookups (0 before the first lookup).
    public var hitRatio: Double { lookups == 0 ? 0 : Double(hits) / Double(lookups) }

    /// Mean lookup time in seconds (0 before the first lookup).
    public var meanLookupSeconds: Double { lookups == 0 ? 0 : Double(lookupNanoseconds) / 1e9 / Double(lookups) }

    /// How a lookup ended.
    enum Outcome { case hit, miss, error }

    mutating func record(_ outcome: Outcome, nanoseconds: Int64) {
        lookups += 1
        lookupNanoseconds += nanoseconds
        switch outcome {
        case .hit: hits += 1
        case .miss: misses += 1
        case .error: errors += 1
        }
    }
}
