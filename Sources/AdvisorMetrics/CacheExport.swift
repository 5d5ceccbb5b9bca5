public import AdvisorCache
import CoreMetrics
import Logging

extension AdvisorMetrics {
    /// Exports a cache's counters as `advisor_cache_…_total{cache="NAME"}` and its occupancy as gauges.
    ///
    /// Counters: `hits`, `misses`, `loads`, `load_failures`, `coalesced_waits`, `cancelled_waits`, `puts`,
    /// `evictions`, `expirations`, `invalidations`, `admissions_refused`, and `prefetches_issued`,
    /// `_completed`, `_failed`, `_used`, `_wasted`, `_late`, `_dropped`. Gauges: `advisor_cache_entries`,
    /// `advisor_cache_weight`, `advisor_cache_capacity`, `advisor_cache_tracked_keys`,
    /// `advisor_cache_loads_in_flight`. Each equals the cache's `snapshot()` as of the last report.
    /// - Parameters:
    ///   - cache: the cache to read at each report.
    ///   - name: the value of the `cache` label.
    public func watch<Key, Value>(_ cache: PredictiveCache<Key, Value>, name: String) {
        watch { CacheExport(name: name, metrics: $0, read: { cache.snapshot() }) }
    }
}

/// A cache's statistics, exported by difference.
struct CacheExport: MetricsExport {
    /// The counters, in the order `counterValues` reads them.
    static let counterNames = [
        "hits", "misses", "loads", "load_failures", "coalesced_waits", "cancelled_waits", "puts", "evictions", "expirations",
        "invalidations", "admissions_refused", "prefetches_issued", "prefetches_completed", "prefetches_failed", "prefetches_used",
        "prefetches_wasted", "prefetches_late", "prefetches_dropped",
    ]

    static func counterValues(_ s: CacheStatistics) -> [Int] {
        [
            s.hits, s.misses, s.loads, s.loadFailures, s.coalescedWaits, s.cancelledWaits, s.puts, s.evictions, s.expirations,
            s.invalidations, s.admissionsRefused, s.prefetchesIssued, s.prefetchesCompleted, s.prefetchesFailed, s.prefetchesUsed,
            s.prefetchesWasted, s.prefetchesLate, s.prefetchesDropped,
        ]
    }

    /// The gauges, in the order `gaugeValues` reads them.
    static let gaugeNames = ["entries", "weight", "capacity", "tracked_keys", "loads_in_flight"]

    static func gaugeValues(_ s: CacheStatistics) -> [Int] {
        [s.residentCount, s.residentWeight, s.capacity, s.trackedKeys, s.loadsInFlight]
    }

    let read: @Sendable () -> CacheStatistics
    var counters: [DeltaCounter]
    let gauges: [Gauge]

    init(name: String, metrics: Metrics, read: @escaping @Sendable () -> CacheStatistics) {
        let dimensions = [("cache", name)]
        self.read = read
        counters = Self.counterNames.map { metrics.counter("advisor_cache_\($0)_total", dimensions) }
        gauges = Self.gaugeNames.map { metrics.gauge("advisor_cache_\($0)", dimensions) }
    }

    mutating func export(logger: Logger) {
        export(read())
    }

    /// Exports a snapshot taken by the caller (the tiered cache reads L1's with its own levels).
    mutating func export(_ statistics: CacheStatistics) {
        for (index, value) in Self.counterValues(statistics).enumerated() { counters[index].advance(to: value) }
        for (gauge, value) in zip(gauges, Self.gaugeValues(statistics)) { gauge.record(value) }
    }
}
