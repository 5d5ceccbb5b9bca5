import AdvisorBalancing
import AdvisorTestSupport
import Foundation
import Testing

@testable import AdvisorSimulation

/// The `stalls` and `overload` scenarios: the client's hedging and concurrency limiters in the balancing
/// replay, on the embedded recording (real redis-server timings), in windows small enough for a debug build.
@Suite struct BalanceControlTests {
    /// Every request ends exactly one way: answered, timed out, or rejected by the limiter.
    static func accountedFor(_ result: BalanceReport.Result) -> Bool {
        let answered = Int((result.successFraction * Double(result.requests)).rounded())
        return answered + result.timeouts + (result.rejected ?? 0) == result.requests
    }

    @Test("stalls: each policy runs with every hedging rule; backups stay within the budget and the JSON names them")
    func stallsRows() throws {
        let (trace, source) = try BalanceSimulationTests.recording()
        var options = BalanceSimulationTests.options([.stalls], [.p2c, .predicted])
        options.hedgeBudget = 0.03
        let report = try BalanceSimulation.run(recording: trace, source: source, options: options)
        #expect(report.results.map(\.hedging) == [HedgingMode.none, .staticP95, .predicted, HedgingMode.none, .staticP95, .predicted])
        // Predicted hedging routes backups by the mean model.
        #expect(report.scenarios[0].controlModels.map(\.name) == ["latency-mean"])
        #expect(report.scenarios[0].concurrency == BalanceScenario.stalls.defaultConcurrency)
        // The stalling backend is the recorded one with the heaviest tail, not the bursty redis-3.
        #expect(Set(report.scenarios[0].backends).count == 1 && report.scenarios[0].backends[0] != "redis-3")
        for result in report.results {
            #expect(Self.accountedFor(result))
            #expect(result.limiter == nil && result.rejected == nil)
            let extra = try #require(result.extraLoad)
            if result.hedging == HedgingMode.none {
                #expect(extra == 0)
            } else {
                // Both rules aim at 5% late first copies; the 3% budget caps them (one budget window of slack).
                #expect(
                    extra > 0.005 && extra <= 0.03 + 0.005, "\(result.policy) \(String(describing: result.hedging)): extra load \(extra)")
            }
        }
        // The predicted balancer already sends a backup where the model predicts the lowest latency, so there the two
        // rules send the same backups at the same times: the same tail, the same extra load.
        let underPredicted = report.results.filter { $0.policy == .predicted && $0.hedging != HedgingMode.none }
        #expect(underPredicted.count == 2 && underPredicted[0].p999 == underPredicted[1].p999)
        #expect(underPredicted.first?.extraLoad == underPredicted.last?.extraLoad)
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        let row = try #require((object?["results"] as? [[String: Any]])?.last)
        for key in ["hedging", "p999_ms", "extra_load"] { #expect(row[key] != nil, "missing \(key)") }
        #expect(row["hedging"] as? String == "predicted")
    }

    @Test("overload: without a limiter the step ends in timeouts; every limiter rejects instead and keeps admitted p99 under the timeout")
    func overloadRows() throws {
        let (trace, source) = try BalanceSimulationTests.recording()
        var options = BalanceSimulationTests.options([.overload], [.p2c])
        options.load = 0.7
        let report = try BalanceSimulation.run(recording: trace, source: source, options: options)
        #expect(report.results.map(\.limiter) == [LimiterMode.none, .fixed, .aimd, .gradient2, .predicted])
        #expect(report.scenarios[0].controlModels.map(\.name) == ["latency-mean"])
        let unlimited = report.results[0]
        #expect(unlimited.rejected == 0)
        #expect(unlimited.timeouts > 0, "1.4 × capacity for a third of the window must overflow the queues")
        for result in report.results {
            #expect(Self.accountedFor(result))
            #expect(result.hedging == nil && result.extraLoad == nil)
            let stepGoodput = try #require(result.stepGoodput)
            let seconds = try #require(result.secondsToStableP99)
            #expect(stepGoodput > 0 && seconds >= 0 && seconds <= 4)
        }
        for result in report.results.dropFirst() where result.limiter != .aimd {
            // AIMD backs off only on timeouts, so it lets the queue reach the timeout first.
            #expect(try #require(result.rejected) > 0)
            #expect(result.p99 < options.timeoutMilliseconds, "\(String(describing: result.limiter)): p99 \(result.p99)")
        }
        // Bounded per backend relative to the backend idle, the predicted limiter keeps queues shorter than Gradient2's global
        // limit does (full replay, p2c: p99 12.8 against 22.9 ms).
        let gradient2 = report.results[3]
        let predicted = report.results[4]
        #expect(predicted.p99 < gradient2.p99, "predicted limiter p99 \(predicted.p99), gradient2 \(gradient2.p99)")
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        let row = try #require((object?["results"] as? [[String: Any]])?.last)
        for key in ["limiter", "goodput", "p99_ms", "rejected"] { #expect(row[key] != nil, "missing \(key)") }
        #expect(row["limiter"] as? String == "predicted")
    }

    @Test("a hedged request's losing copy still queued is cancelled, never served, and every copy and request ends once")
    func losingCopiesAreCancelled() throws {
        let (trace, _) = try BalanceSimulationTests.recording()
        let sampler = ServiceTimeSampler(trace)
        let training = 45.0..<60.0
        let window = 60.0..<72.0
        let setup = ScenarioSetup(.stalls, roles: try RecordedRoles(sampler, window: window), backends: 4, concurrency: 1, load: 0.7)
        let arrivals = setup.arrivals(
            try ArrivalSchedule(timestamps: trace.timestamps), in: window, capacity: setup.capacity(sampler, window: window))
        // The static rule's delay: the p95 of the stalling backend's recorded latencies before the window.
        let recorded = sampler.latencies(setup.recordedBackend[0], in: training).sorted()
        var settings = ClientControl.Settings()
        settings.staticDelay = EmpiricalQuantile.value(0.95, sorted: recorded)
        var outcomes: [ClusterSimulation.Outcome] = []
        for control in [ClientControl(), try ClientControl(hedging: .staticP95, settings)] {
            var runner = BalanceSimulation.Runner(
                simulation: ClusterSimulation(setup: setup, sampler: sampler, timeout: 0.1, seed: 1), arrivals: arrivals, window: window,
                pool: BackendPool(backends: 4, outliers: OutlierSettings(), seed: 1), control: control)
            outcomes.append(try PolicyConfiguration(name: .p2c).withPolicy(pool: runner.pool, &runner))
        }
        for outcome in outcomes {
            #expect(outcome.answered + outcome.timeouts == arrivals.count)
            let sent = outcome.sent.reduce(0, +)
            #expect(sent == arrivals.count + outcome.backups)
            // Each copy sent is served, dropped at its deadline or cancelled, exactly one of them: a cancelled copy that
            // reached a slot anyway would be counted twice.
            #expect(outcome.served + outcome.dropped + outcome.cancelled == sent)
        }
        let unhedged = outcomes[0]
        let hedged = outcomes[1]
        #expect(unhedged.backups == 0 && unhedged.cancelled == 0)
        #expect(hedged.backups > arrivals.count / 100)
        // Only a copy with a twin can lose; with one slot per backend, a copy sent behind a stall loses while queued.
        #expect(hedged.cancelled > 0 && hedged.cancelled <= hedged.backups, "\(hedged.cancelled) cancelled of \(hedged.backups) backups")
    }
}
