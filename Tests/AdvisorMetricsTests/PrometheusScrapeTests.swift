import AdvisorBalancing
import AdvisorCache
import AdvisorMetrics
import AdvisorTestSupport
import Prometheus
import Testing

@Suite struct PrometheusScrapeTests {
    /// The value of the sample `series` (name and labels as Prometheus writes them) in a scrape.
    static func sample(_ series: String, in scrape: String) -> Double? {
        scrape.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last!) }
    }

    @Test func aScrapeShowsTheCacheAndTheBalancerUnderPrometheusNames() async throws {
        let registry = PrometheusCollectorRegistry()
        let exporter = AdvisorMetrics(factory: PrometheusMetricsFactory(registry: registry))
        let clock = ManualClock()
        let users = try PredictiveCache<Int, String>(capacity: .objects(100)) { "user \($0)" }
        let backends = BackendSet(["10.0.0.1", "10.0.0.2"], clock: clock)
        let balancer = try Balancer(backends: backends, policy: .roundRobin)
        exporter.watch(users, name: "users")
        exporter.watch(balancer, name: "api")
        for id in [1, 2, 1, 1] { _ = try await users.get(id) }
        for milliseconds in [1.5, 2.25, 4.0] {
            let ticket = try #require(balancer.pick())
            clock.advance(by: .milliseconds(exactly: milliseconds))
            backends.complete(ticket)
        }
        exporter.report()
        let scrape = registry.emitToString()
        #expect(scrape.contains("# TYPE advisor_cache_hits_total counter"))
        #expect(Self.sample(#"advisor_cache_hits_total{cache="users"}"#, in: scrape) == 2)
        #expect(Self.sample(#"advisor_cache_misses_total{cache="users"}"#, in: scrape) == 2)
        #expect(Self.sample(#"advisor_cache_entries{cache="users"}"#, in: scrape) == 2)
        let first = #"{balancer="api",backend="10.0.0.1"}"#
        let second = #"{balancer="api",backend="10.0.0.2"}"#
        let picks = [first, second].compactMap { Self.sample("advisor_balancer_picks_total" + $0, in: scrape) }
        #expect(picks.sorted() == [1, 2])
        let seconds = [first, second].compactMap { Self.sample("advisor_balancer_latency_seconds_total" + $0, in: scrape) }
        #expect(abs(seconds.reduce(0, +) - 0.00775) < 1e-12)
        #expect(Self.sample(#"advisor_balancer_in_flight"# + first, in: scrape) == 0)
    }
}
