/// What one cache replay counted, over the counted requests only (warm-up excluded).
public struct CacheTally: Sendable, Equatable {
    public var requests = 0
    public var misses = 0
    public var requestedBytes = 0.0
    public var missedBytes = 0.0
    /// Objects loaded ahead of a request: the extra backend fetches prefetching costs.
    public var prefetches = 0
    /// Prefetched objects requested while still cached (each one is a miss removed).
    public var prefetchesUsed = 0
    /// Prefetched objects evicted or expired before anyone asked for them.
    public var prefetchesWasted = 0
    /// Entries dropped because their TTL ran out.
    public var expirations = 0
    /// Requests that found their object expired (a miss a longer TTL would have been a hit).
    public var expiredMisses = 0
    /// Sum over counted requests of the objects resident when each arrived.
    public var residentObjectSum = 0.0
    /// Objects held × time, in the trace's clock (seconds when it has timestamps, else requests).
    public var objectTime = 0.0

    public init() {}

    public var missRatio: Double { requests == 0 ? 0 : Double(misses) / Double(requests) }
    public var byteMissRatio: Double { requestedBytes == 0 ? 0 : missedBytes / requestedBytes }
    public var meanResidentObjects: Double { requests == 0 ? 0 : residentObjectSum / Double(requests) }
    /// Share of prefetched objects that were used.
    public var prefetchPrecision: Double { prefetches == 0 ? 0 : Double(prefetchesUsed) / Double(prefetches) }
}
