import AdvisorCache
import AdvisorMetrics
import AdvisorTestSupport
import AdvisorTiered
import Testing

@Suite struct TieredMetricsTests {
    /// Reports until the cache's statistics did not change while the exporter read them (background L2
    /// writes may still be counted), and returns them.
    static func quietReport(_ exporter: AdvisorMetrics, _ cache: TieredCache<Int>) async throws -> TieredStatistics {
        for _ in 0..<100 {
            let before = cache.statistics()
            exporter.report()
            if cache.statistics() == before { return before }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the tiered cache's counters kept moving")
        return cache.statistics()
    }

    @Test func everyLevelIsExportedAndTheL2ConnectionLossAndReturnAreLogged() async throws {
        _ = testMetrics
        let server = try RedisServer()
        let cache = try TieredCache<Int>(
            namespace: "metrics:", l1Capacity: 200, l1Expiry: .afterWrite(.seconds(60)),
            l2: RedisTier(host: "127.0.0.1", port: server.port, commandTimeout: .seconds(5)),
            l3: DiskTier(path: try temporaryPath("l3.sqlite"), byteCapacity: 1 << 20), loader: { key in Int(key)! })
        defer { cache.shutdown() }
        let name = "tiered-\(#line)"
        let logs = CapturedLogs()
        // The breaker's own transitions are BreakerExport's to test; a loaded machine can make a call slow enough
        // to count against it, so only the connection's messages are compared here.
        func connectionMessages() -> [CapturedLogs.Record] { logs.all.filter { $0.message.hasPrefix("L2 connection") } }
        let exporter = AdvisorMetrics(logger: logs.logger)
        exporter.watch(cache, name: name)
        #expect(await eventually { cache.openL2Connections > 0 && cache.isInvalidationConnected })
        for id in try CloudPhysicsTrace.load(requests: 3_000).ids { _ = try await cache.get(String(id)) }
        let statistics = try await Self.quietReport(exporter, cache)
        for (counterName, value) in CacheMetricsTests.expected(statistics.l1) {
            #expect(try counter("advisor_cache_\(counterName)_total", [("cache", name)]) == value, "L1 \(counterName)")
        }
        for (level, counts) in [("l2", statistics.l2), ("l3", statistics.l3)] {
            let labels = [("cache", name), ("level", level)]
            #expect(try counter("advisor_tiered_lookups_total", labels) == counts.lookups, "\(level)")
            #expect(try counter("advisor_tiered_hits_total", labels) == counts.hits, "\(level)")
            #expect(try counter("advisor_tiered_misses_total", labels) == counts.misses, "\(level)")
            #expect(try counter("advisor_tiered_errors_total", labels) == counts.errors, "\(level)")
            #expect(try counter("advisor_tiered_write_errors_total", labels) == counts.writeErrors, "\(level)")
        }
        #expect(try counter("advisor_tiered_loads_total", [("cache", name)]) == statistics.loads)
        #expect(statistics.l1.evictions > 0 && statistics.l2.lookups > 0 && statistics.loads > 0)
        #expect(try gauge("advisor_breaker_state", [("breaker", "\(name)-l2"), ("state", "closed")]) == 1)
        #expect(connectionMessages().map(\.message) == ["L2 connection up: cross-instance invalidations arrive again"])

        server.kill()
        #expect(await eventually { !cache.isInvalidationConnected })
        exporter.report()
        #expect(try gauge("advisor_tiered_invalidation_connected", [("cache", name)]) == 0)
        let lost = try #require(connectionMessages().last)
        #expect(lost.level == .warning && lost.message.hasPrefix("L2 connection lost"))
        try server.start()
        #expect(await eventually { cache.isInvalidationConnected })
        exporter.report()
        #expect(try gauge("advisor_tiered_invalidation_connected", [("cache", name)]) == 1)
        #expect(connectionMessages().last?.message.hasPrefix("L2 connection up") == true)
        #expect(try counter("advisor_tiered_l1_flushes_total", [("cache", name)]) == cache.statistics().l1Flushes)
    }
}
