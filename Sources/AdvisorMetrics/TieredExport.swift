public import AdvisorTiered
import CoreMetrics
import Logging

extension AdvisorMetrics {
    /// Exports a tiered cache: L1 as a cache named `name` (see `watch(_:name:)` for a `PredictiveCache`),
    /// each lower level as `advisor_tiered_{lookups,hits,misses,errors,write_errors}_total{cache,level}` and
    /// `advisor_tiered_lookup_seconds_total{cache,level}` (`level` is `l2` or `l3`), the loader and the
    /// writes as `advisor_tiered_{loads,load_failures,pending_hits,l1_flushes}_total` and
    /// `advisor_tiered_writes_{acknowledged,coalesced,stored_keys,failed_batches,back_pressure_waits}_total`,
    /// with gauges `advisor_tiered_writes_pending`, `advisor_tiered_l2_connections` and
    /// `advisor_tiered_invalidation_connected` (1 or 0). L2's circuit breaker is exported as the breaker
    /// `NAME-l2`. The invalidation connection going down or coming back is logged (a warning, a notice).
    /// - Parameters:
    ///   - cache: the tiered cache to read at each report.
    ///   - name: the value of the `cache` label.
    public func watch<Value>(_ cache: TieredCache<Value>, name: String) {
        watch { TieredExport(name: name, metrics: $0, cache: cache) }
        if let breaker = cache.l2Breaker { watch(breaker, name: "\(name)-l2") }
    }
}

/// A tiered cache's statistics, exported by difference.
struct TieredExport: MetricsExport {
    static let levelCounterNames = ["lookups", "hits", "misses", "errors", "write_errors"]

    static func levelCounterValues(_ s: LevelStatistics) -> [Int] {
        [s.lookups, s.hits, s.misses, s.errors, s.writeErrors]
    }

    static let counterNames = [
        "loads", "load_failures", "pending_hits", "l1_flushes", "writes_acknowledged", "writes_coalesced", "writes_stored_keys",
        "writes_failed_batches", "writes_back_pressure_waits",
    ]

    static func counterValues(_ s: TieredStatistics) -> [Int] {
        [
            s.loads, s.loadFailures, s.pendingHits, s.l1Flushes, s.writes.acknowledged, s.writes.coalesced, s.writes.storedKeys,
            s.writes.failedBatches, s.writes.backPressureWaits,
        ]
    }

    /// One lower level's handles.
    struct Level {
        var counters: [DeltaCounter]
        var seconds: DeltaSeconds

        init(_ level: String, name: String, metrics: Metrics) {
            let dimensions = [("cache", name), ("level", level)]
            counters = TieredExport.levelCounterNames.map { metrics.counter("advisor_tiered_\($0)_total", dimensions) }
            seconds = metrics.secondsCounter("advisor_tiered_lookup_seconds_total", dimensions)
        }

        mutating func export(_ statistics: LevelStatistics) {
            for (index, value) in TieredExport.levelCounterValues(statistics).enumerated() { counters[index].advance(to: value) }
            seconds.advance(toMilliseconds: Double(statistics.lookupNanoseconds) / 1e6)
        }
    }

    let name: String
    let statistics: @Sendable () -> TieredStatistics
    let connection: (@Sendable () -> (invalidation: Bool, open: Int))?
    var l1: CacheExport
    var l2: Level
    var l3: Level
    var counters: [DeltaCounter]
    let pending: Gauge
    let connections: Gauge
    let invalidationConnected: Gauge
    /// Whether the invalidation connection was up at the last report; nil before the first.
    var wasConnected: Bool?

    init<Value>(name: String, metrics: Metrics, cache: TieredCache<Value>) {
        self.name = name
        statistics = { cache.statistics() }
        if cache.hasL2 {
            connection = { (cache.isInvalidationConnected, cache.openL2Connections) }
        } else {
            connection = nil
        }
        l1 = CacheExport(name: name, metrics: metrics, read: { cache.statistics().l1 })
        l2 = Level("l2", name: name, metrics: metrics)
        l3 = Level("l3", name: name, metrics: metrics)
        let dimensions = [("cache", name)]
        counters = Self.counterNames.map { metrics.counter("advisor_tiered_\($0)_total", dimensions) }
        pending = metrics.gauge("advisor_tiered_writes_pending", dimensions)
        connections = metrics.gauge("advisor_tiered_l2_connections", dimensions)
        invalidationConnected = metrics.gauge("advisor_tiered_invalidation_connected", dimensions)
    }

    mutating func export(logger: Logger) {
        let now = statistics()
        l1.export(now.l1)
        l2.export(now.l2)
        l3.export(now.l3)
        for (index, value) in Self.counterValues(now).enumerated() { counters[index].advance(to: value) }
        pending.record(now.writes.pending)
        guard let connection else { return }
        let (connected, open) = connection()
        connections.record(open)
        invalidationConnected.record(connected ? 1 : 0)
        defer { wasConnected = connected }
        guard connected != wasConnected else { return }
        let metadata: Logger.Metadata = ["cache": "\(name)", "l2_connections": "\(open)", "l1_flushes": "\(now.l1Flushes)"]
        if connected {
            logger.notice("L2 connection up: cross-instance invalidations arrive again", metadata: metadata)
        } else if wasConnected != nil {
            logger.warning("L2 connection lost: L1 emptied, reads skip L2 until it is back", metadata: metadata)
        }
    }
}
