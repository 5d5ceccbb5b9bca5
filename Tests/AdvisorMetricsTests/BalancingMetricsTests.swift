import AdvisorBalancing
import AdvisorMetrics
import AdvisorTestSupport
import Logging
import Testing

@Suite struct BalancingMetricsTests {
    /// The embedded loopback-redis recording's latencies (ms), in send order.
    static func recordedLatencies(_ count: Int) throws -> [Double] {
        let text = try TemporaryFile.gunzipped(SharedData.embeddedRecording)
        let rows = text.split(separator: "\n").dropFirst().prefix(count)
        return try rows.map { row in try #require(Double(row.split(separator: ",")[2])) }  // timestamp,backend,latency_ms,…
    }

    @Test func perBackendPicksCompletionsFailuresAndLatencyMatchTheRequestsSent() async throws {
        _ = testMetrics
        let latencies = try Self.recordedLatencies(4_000)
        let clock = ManualClock()
        let backends = BackendSet(["redis-0", "redis-1", "redis-2", "redis-3"], ejectOutliers: false, clock: clock, seed: 7)
        let balancer = try Balancer(backends: backends, policy: .p2c)
        let name = "recording-\(#line)"
        let logs = CapturedLogs()
        let exporter = AdvisorMetrics(logger: logs.logger)
        exporter.watch(balancer, name: name)
        var sent: [String: (picks: Int, completions: Int, failures: Int, milliseconds: Double)] = [:]
        var open: [BackendSet<String>.Ticket] = []
        for (index, latency) in latencies.enumerated() {
            let ticket = try #require(balancer.pick())
            sent[ticket.backend, default: (0, 0, 0, 0)].picks += 1
            if index >= latencies.count - 3 {
                open.append(ticket)  // still in flight at the report
                continue
            }
            clock.advance(by: .milliseconds(exactly: latency))
            // A client that gives up after 2 ms counts the slowest recorded answers as failures.
            backends.complete(ticket, outcome: latency > 2 ? .timedOut : .succeeded)
            sent[ticket.backend]!.completions += 1
            sent[ticket.backend]!.milliseconds += latency
            if latency > 2 { sent[ticket.backend]!.failures += 1 }
            if index == 1_000 { exporter.report() }
        }
        exporter.report()
        #expect(sent.count == 4)
        #expect(sent.values.map(\.failures).reduce(0, +) > 0)
        for (backend, tally) in sent {
            let labels = [("balancer", name), ("backend", backend)]
            #expect(try counter("advisor_balancer_picks_total", labels) == tally.picks)
            #expect(try counter("advisor_balancer_completions_total", labels) == tally.completions)
            #expect(try counter("advisor_balancer_failures_total", labels) == tally.failures)
            // swift-metrics hands a backend without floating-point counters whole seconds (the Prometheus test checks the fractions).
            #expect(abs(Double(try counter("advisor_balancer_latency_seconds_total", labels)) - tally.milliseconds / 1000) < 1)
            let inflight = open.filter { $0.backend == backend }.count
            #expect(try gauge("advisor_balancer_in_flight", labels) == Double(inflight))
        }
        #expect(try gauge("advisor_balancer_backends", [("balancer", name)]) == 4)
        backends.remove("redis-3")
        exporter.report()
        #expect(logs.all.filter { $0.message == "backend joined" }.count == 4)
        #expect(logs.all.contains { $0.message == "backend left" && $0.metadata["backend"] == "redis-3" })
        #expect(try gauge("advisor_balancer_backends", [("balancer", name)]) == 3)
    }

    @Test func breakerTransitionsAreCountedAndLoggedEvenBetweenTwoReports() async throws {
        _ = testMetrics
        struct ServiceDown: Error {}
        let clock = ManualClock()
        let breaker = try SharedCircuitBreaker(
            slidingWindow: .count(4), minimumCalls: 4, waitInOpen: .seconds(30), permittedCallsInHalfOpen: 1, clock: clock)
        let name = "breaker-\(#line)"
        let logs = CapturedLogs()
        let exporter = AdvisorMetrics(logger: logs.logger)
        exporter.watch(breaker, name: name)
        for _ in 0..<4 { _ = try? await breaker.execute { throw ServiceDown() } }
        for _ in 0..<3 { _ = try? await breaker.execute { "rejected" } }
        exporter.report()
        #expect(try gauge("advisor_breaker_state", [("breaker", name), ("state", "open")]) == 1)
        #expect(try gauge("advisor_breaker_state", [("breaker", name), ("state", "closed")]) == 0)
        #expect(try counter("advisor_breaker_transitions_total", [("breaker", name), ("to", "open")]) == 1)
        #expect(try counter("advisor_breaker_rejections_total", [("breaker", name)]) == 3)
        #expect(logs.all.map(\.message) == ["circuit breaker opened"])
        #expect(logs.all.first?.level == .warning)
        // Half-open and closed again within one interval: both transitions still reach the metrics and the log.
        clock.advance(by: .seconds(30))
        #expect(try await breaker.execute { "trial" } == "trial")
        exporter.report()
        #expect(try counter("advisor_breaker_transitions_total", [("breaker", name), ("to", "half_open")]) == 1)
        #expect(try counter("advisor_breaker_transitions_total", [("breaker", name), ("to", "closed")]) == 1)
        #expect(try gauge("advisor_breaker_state", [("breaker", name), ("state", "closed")]) == 1)
        #expect(
            Set(logs.all.dropFirst().map(\.message)) == ["circuit breaker half-open: trial calls go through", "circuit breaker closed"])
    }

    @Test func limiterLimitRejectionsAndMovesAreExported() async throws {
        _ = testMetrics
        let clock = ManualClock()
        let limiter = try SharedConcurrencyLimiter.aimd(initialLimit: 2, maximumLimit: 10, timeout: .seconds(1), clock: clock)
        let name = "limiter-\(#line)"
        let logs = CapturedLogs()
        let exporter = AdvisorMetrics(logger: logs.logger)
        exporter.watch(limiter, name: name)
        exporter.report()
        var permits: [LimiterPermit] = []
        for _ in 0..<3 {
            if case .admitted(let permit) = limiter.acquire() { permits.append(permit) }
        }
        #expect(permits.count == 2)
        exporter.report()
        #expect(try gauge("advisor_limiter_in_flight", [("limiter", name)]) == 2)
        #expect(try counter("advisor_limiter_rejections_total", [("limiter", name)]) == 1)
        clock.advance(by: .milliseconds(5))
        for permit in permits { limiter.release(permit, outcome: .succeeded) }  // answered while busy: the limit grows
        exporter.report()
        let reading = limiter.reading()
        #expect(reading.limit > 2)
        #expect(try gauge("advisor_limiter_limit", [("limiter", name)]) == Double(reading.limit))
        #expect(try gauge("advisor_limiter_in_flight", [("limiter", name)]) == 0)
        let move = try #require(logs.all.first { $0.message == "concurrency limit moved" })
        #expect(move.metadata["from"] == "2" && move.metadata["to"] == "\(reading.limit)")
    }

    @Test func hedgingCountsPrimariesAndBackups() async throws {
        _ = testMetrics
        let clock = ManualClock()
        let backends = BackendSet(["a", "b"], clock: clock)
        let balancer = try Balancer(backends: backends, policy: .roundRobin)
        let planner = try SharedHedgePlanner(delay: .milliseconds(2), maximumExtraLoad: 0.05, clock: clock)
        let name = "hedging-\(#line)"
        let exporter = AdvisorMetrics()
        exporter.watch(planner, name: name)
        for _ in 0..<40 {
            let ticket = try #require(balancer.pick())
            _ = planner.delay(for: ticket)
            _ = planner.delayElapsed()  // every primary late: the budget sends a few backups and refuses the rest
            backends.complete(ticket)
        }
        exporter.report()
        let reading = planner.reading()
        #expect(reading.sent > 0 && reading.refused > 0)
        #expect(try counter("advisor_hedge_primaries_total", [("hedging", name)]) == 40)
        #expect(try counter("advisor_hedge_backups_total", [("hedging", name)]) == reading.sent)
        #expect(try counter("advisor_hedge_backups_refused_total", [("hedging", name)]) == reading.refused)
        #expect(try gauge("advisor_hedge_correction_factor", [("hedging", name)]) == reading.correctionFactor)
    }
}
