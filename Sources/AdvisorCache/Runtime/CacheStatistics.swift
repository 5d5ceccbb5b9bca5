/// A consistent snapshot of a `PredictiveCache`'s counters, taken under its lock.
///
/// Counters only grow. Every `get` that was answered is a hit or a miss; every miss either
/// started a load or joined one already in flight (a demand load or a prefetch):
/// `gets == hits + misses` and `misses == loads + coalescedWaits`.
/// Once no load is in flight, `loads == loadSuccesses + loadFailures` and
/// `prefetchesIssued == prefetchesCompleted + prefetchesFailed`.
public struct CacheStatistics: Sendable, Equatable {
    /// `get`s answered from the cache.
    public internal(set) var hits = 0
    /// `get`s that had to wait for a load.
    public internal(set) var misses = 0
    /// Loads started for a `get` (one per key, however many callers wait on it).
    public internal(set) var loads = 0
    /// Loads started for a `get` that returned a value.
    public internal(set) var loadSuccesses = 0
    /// Loads started for a `get` that threw; nothing was cached and every waiter got the error.
    public internal(set) var loadFailures = 0
    /// Misses that waited on a load already in flight for the same key instead of starting one.
    public internal(set) var coalescedWaits = 0
    /// Waiting `get`s that stopped waiting because their task was cancelled (the load went on).
    public internal(set) var cancelledWaits = 0
    /// Values stored with `put`.
    public internal(set) var puts = 0
    /// Entries the policy evicted to make room.
    public internal(set) var evictions = 0
    /// Entries removed because their time-to-live had passed.
    public internal(set) var expirations = 0
    /// Entries removed by `invalidate` or `removeAll`.
    public internal(set) var invalidations = 0
    /// Loaded or put values the policy did not admit (heavier than the capacity, or refused by
    /// an admission filter).
    public internal(set) var admissionsRefused = 0

    /// Prefetch loads started.
    public internal(set) var prefetchesIssued = 0
    /// Prefetch loads that returned a value.
    public internal(set) var prefetchesCompleted = 0
    /// Prefetch loads that threw.
    public internal(set) var prefetchesFailed = 0
    /// Prefetched entries that a `get` hit before they left the cache.
    public internal(set) var prefetchesUsed = 0
    /// Prefetched entries that left the cache (evicted, expired, invalidated, overwritten)
    /// before any `get` asked for them.
    public internal(set) var prefetchesWasted = 0
    /// Prefetches that a `get` asked for while they were still loading (the caller waited).
    public internal(set) var prefetchesLate = 0
    /// Suggestions or `prefetch` keys dropped because the prefetch concurrency limit was reached.
    public internal(set) var prefetchesDropped = 0

    /// Entries resident now.
    public internal(set) var residentCount = 0
    /// Weight resident now (entries or bytes, as the capacity).
    public internal(set) var residentWeight = 0
    /// The capacity, in the same unit as `residentWeight`.
    public internal(set) var capacity = 0
    /// Keys holding an id now: resident, loading, or remembered after eviction so that the
    /// policy's ghost history still applies when they return.
    public internal(set) var trackedKeys = 0
    /// Loads in flight now, demand and prefetch.
    public internal(set) var loadsInFlight = 0

    /// Every answered `get`.
    public var gets: Int { hits + misses }
    /// Hits over answered gets; 0 before the first `get`.
    public var hitRatio: Double { gets == 0 ? 0 : Double(hits) / Double(gets) }
}

extension CacheStatistics {
    /// The counters the engine advances. Its miss path is `@inlinable`, compiled for the
    /// embedder's key and value types, and such code cannot use the counters' internal setters:
    /// it names the counter and advances it through this one out-of-line call.
    @usableFromInline
    enum Counter {
        case misses, loads, loadSuccesses, loadFailures, coalescedWaits, cancelledWaits, puts, evictions, expirations
        case invalidations, admissionsRefused, prefetchesIssued, prefetchesCompleted, prefetchesFailed, prefetchesUsed
        case prefetchesWasted, prefetchesLate, prefetchesDropped, loadsInFlight
    }

    /// Adds `amount` (negative for `loadsInFlight` when a load ends) to `counter`.
    @usableFromInline
    mutating func count(_ counter: Counter, by amount: Int = 1) {
        switch counter {
        case .misses: misses += amount
        case .loads: loads += amount
        case .loadSuccesses: loadSuccesses += amount
        case .loadFailures: loadFailures += amount
        case .coalescedWaits: coalescedWaits += amount
        case .cancelledWaits: cancelledWaits += amount
        case .puts: puts += amount
        case .evictions: evictions += amount
        case .expirations: expirations += amount
        case .invalidations: invalidations += amount
        case .admissionsRefused: admissionsRefused += amount
        case .prefetchesIssued: prefetchesIssued += amount
        case .prefetchesCompleted: prefetchesCompleted += amount
        case .prefetchesFailed: prefetchesFailed += amount
        case .prefetchesUsed: prefetchesUsed += amount
        case .prefetchesWasted: prefetchesWasted += amount
        case .prefetchesLate: prefetchesLate += amount
        case .prefetchesDropped: prefetchesDropped += amount
        case .loadsInFlight: loadsInFlight += amount
        }
    }
}
