import AdvisorCache
import AdvisorMetrics
import AdvisorTestSupport
import Testing

@Suite struct CacheMetricsTests {
    /// Every exported counter and gauge of a cache, by the `CacheStatistics` value it must equal.
    static func expected(_ s: CacheStatistics) -> [(String, Int)] {
        [
            ("hits", s.hits), ("misses", s.misses), ("loads", s.loads), ("load_failures", s.loadFailures),
            ("coalesced_waits", s.coalescedWaits), ("cancelled_waits", s.cancelledWaits), ("puts", s.puts), ("evictions", s.evictions),
            ("expirations", s.expirations), ("invalidations", s.invalidations), ("admissions_refused", s.admissionsRefused),
            ("prefetches_issued", s.prefetchesIssued), ("prefetches_completed", s.prefetchesCompleted),
            ("prefetches_failed", s.prefetchesFailed), ("prefetches_used", s.prefetchesUsed), ("prefetches_wasted", s.prefetchesWasted),
            ("prefetches_late", s.prefetchesLate), ("prefetches_dropped", s.prefetchesDropped),
        ]
    }

    static func expectedGauges(_ s: CacheStatistics) -> [(String, Int)] {
        [
            ("entries", s.residentCount), ("weight", s.residentWeight), ("capacity", s.capacity), ("tracked_keys", s.trackedKeys),
            ("loads_in_flight", s.loadsInFlight),
        ]
    }

    @Test func everyCounterMovesAsTheCachesOwnStatisticsOnTheCloudPhysicsTrace() async throws {
        _ = testMetrics
        let ids = try CloudPhysicsTrace.load(requests: 20_000).ids.map { Int($0) }
        let clock = ManualClock()
        let cache = try PredictiveCache<Int, Int>(
            capacity: .objects(1_000), expiry: .afterAccess(.seconds(2)), prefetch: PrefetchConfiguration(maxInFlight: 2), clock: clock
        ) { $0 &* 31 }
        let name = "cloudphysics-\(#line)"
        let exporter = AdvisorMetrics()
        exporter.watch(cache, name: name)
        for (index, key) in ids.enumerated() {
            clock.advance(by: .milliseconds(1))  // one request a millisecond: a key idle for 2,000 requests expires
            _ = try await cache.get(key)
            // Prefetches of the trace's next keys (used) and of one 5,000 requests ahead (evicted or expired first: wasted).
            if index % 97 == 0 {
                cache.prefetch([ids[(index + 1) % ids.count], ids[(index + 2) % ids.count], ids[(index + 5_000) % ids.count]])
            }
            if index % 1_000 == 0 { cache.put(key, 0) }
            if index % 1_500 == 0 { cache.invalidate(ids[index / 2]) }
            if index % 5_000 == 4_999 { exporter.report() }  // reports in between: only differences are added
        }
        #expect(await eventually { cache.snapshot().loadsInFlight == 0 })
        exporter.report()
        let statistics = cache.snapshot()
        for (counterName, value) in Self.expected(statistics) {
            #expect(try counter("advisor_cache_\(counterName)_total", [("cache", name)]) == value, "\(counterName)")
        }
        for (gaugeName, value) in Self.expectedGauges(statistics) {
            #expect(try gauge("advisor_cache_\(gaugeName)", [("cache", name)]) == Double(value), "\(gaugeName)")
        }
        // The trace slice exercises every kind of event the cache counts.
        #expect(statistics.hits > 0 && statistics.evictions > 0 && statistics.expirations > 0)
        #expect(statistics.prefetchesUsed > 0 && statistics.prefetchesWasted > 0 && statistics.invalidations > 0)
    }

    @Test func asAServiceItReportsEveryIntervalAndOnceMoreWhenCancelled() async throws {
        _ = testMetrics
        let clock = ManualClock()
        let cache = try PredictiveCache<Int, Int>(capacity: .objects(10)) { $0 }
        let name = "service-\(#line)"
        let exporter = AdvisorMetrics(interval: .seconds(10), clock: clock)
        exporter.watch(cache, name: name)
        let running = Task { try await exporter.run() }
        #expect(await eventually { clock.sleeperCount == 1 })
        _ = try await cache.get(1)
        _ = try await cache.get(1)
        clock.advance(by: .seconds(10))
        #expect(await eventually { (try? counter("advisor_cache_hits_total", [("cache", name)])) == 1 })
        #expect(try counter("advisor_cache_misses_total", [("cache", name)]) == 1)
        _ = try await cache.get(1)
        running.cancel()
        try await running.value
        #expect(try counter("advisor_cache_hits_total", [("cache", name)]) == 2)
    }
}
