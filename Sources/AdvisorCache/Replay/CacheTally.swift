/// What one cache replay counted, over the counted requests only (warm-up excluded).
package struct CacheTally: Sendable, Equatable {
    package var requests = 0
    package var misses = 0
    package var requestedBytes = 0.0
    package var missedBytes = 0.0
    /// Entries the policy evicted to make room.
    package var evictions = 0
    /// Objects loaded ahead of a request: the extra backend fetches prefetching costs.
    package var prefetches = 0
    /// Prefetched objects requested while still cached (each one is a miss removed).
    package var prefetchesUsed = 0
    /// Prefetched objects evicted or expired before anyone asked for them.
    package var prefetchesWasted = 0
    /// Entries dropped because their TTL ran out.
    package var expirations = 0
    /// Sum over counted requests of the objects resident when each arrived.
    package var residentObjectSum = 0.0
    /// Objects held × time, in the trace's clock (seconds when it has timestamps, else requests).
    package var objectTime = 0.0
    /// The learned policy's online refits and overrides of its heuristic over the whole replay
    /// (nil for other policies).
    package var refits: Int?
    package var overrides: Int?

    package init() {}

    package var missRatio: Double { requests == 0 ? 0 : Double(misses) / Double(requests) }
    package var byteMissRatio: Double { requestedBytes == 0 ? 0 : missedBytes / requestedBytes }
    package var meanResidentObjects: Double { requests == 0 ? 0 : residentObjectSum / Double(requests) }
    /// Share of prefetched objects that were used.
    package var prefetchPrecision: Double { prefetches == 0 ? 0 : Double(prefetchesUsed) / Double(prefetches) }
    /// Backend fetches per counted request: demand misses plus prefetches.
    package var fetchesPerRequest: Double { requests == 0 ? 0 : Double(misses + prefetches) / Double(requests) }

    /// Takes the engine's counts over the counted requests: what they added between two snapshots.
    mutating func count(from before: CacheStatistics, to after: CacheStatistics) {
        misses = after.misses - before.misses
        evictions = after.evictions - before.evictions
        expirations = after.expirations - before.expirations
        prefetches = after.prefetchesIssued - before.prefetchesIssued
        prefetchesUsed = after.prefetchesUsed - before.prefetchesUsed
        prefetchesWasted = after.prefetchesWasted - before.prefetchesWasted
    }
}
