public import AdvisorBalancing
import CoreMetrics
import Logging

extension AdvisorMetrics {
    /// Exports a balancer's backend set per backend: `advisor_balancer_picks_total`,
    /// `advisor_balancer_completions_total`, `advisor_balancer_failures_total` and
    /// `advisor_balancer_latency_seconds_total` (the completed requests' latencies summed: their mean over
    /// a window is its rate over the completions' rate), with gauges `advisor_balancer_in_flight` and
    /// `advisor_balancer_latency_ewma_seconds`, all labelled `{balancer="NAME",backend="…"}` (the backend
    /// as `String(describing:)` prints it); and `advisor_balancer_backends{balancer}`. A backend that
    /// leaves the set has its metrics destroyed; backends joining or leaving are logged.
    /// - Parameters:
    ///   - balancer: the balancer whose set is read at each report.
    ///   - name: the value of the `balancer` label.
    public func watch<Backend>(_ balancer: Balancer<Backend>, name: String) {
        watch { BalancerExport(name: name, metrics: $0, backends: balancer.backendSet) }
    }
}

/// A backend set's per-backend traffic, exported by difference.
struct BalancerExport<Backend: Hashable & Sendable>: MetricsExport {
    /// One backend's handles.
    struct Handles {
        var picks: DeltaCounter
        var completions: DeltaCounter
        var failures: DeltaCounter
        var latency: DeltaSeconds
        let inflight: Gauge
        let ewma: Gauge

        init(balancer: String, backend: String, metrics: Metrics) {
            let dimensions = [("balancer", balancer), ("backend", backend)]
            picks = metrics.counter("advisor_balancer_picks_total", dimensions)
            completions = metrics.counter("advisor_balancer_completions_total", dimensions)
            failures = metrics.counter("advisor_balancer_failures_total", dimensions)
            latency = metrics.secondsCounter("advisor_balancer_latency_seconds_total", dimensions)
            inflight = metrics.gauge("advisor_balancer_in_flight", dimensions)
            ewma = metrics.gauge("advisor_balancer_latency_ewma_seconds", dimensions)
        }

        mutating func export(_ reading: BackendReading<Backend>) {
            picks.advance(to: reading.traffic.started)
            completions.advance(to: reading.traffic.completed)
            failures.advance(to: reading.traffic.failed)
            latency.advance(toMilliseconds: reading.traffic.latencyMilliseconds)
            inflight.record(reading.inflight)
            ewma.record(reading.ewmaLatency / 1000)
        }

        func destroy() {
            picks.destroy()
            completions.destroy()
            failures.destroy()
            latency.destroy()
            inflight.destroy()
            ewma.destroy()
        }
    }

    let name: String
    let backends: BackendSet<Backend>
    let metrics: Metrics
    let count: Gauge
    var handles: [Backend: Handles] = [:]

    init(name: String, metrics: Metrics, backends: BackendSet<Backend>) {
        self.name = name
        self.backends = backends
        self.metrics = metrics
        count = metrics.gauge("advisor_balancer_backends", [("balancer", name)])
    }

    mutating func export(logger: Logger) {
        let readings = backends.readings()
        var gone = Set(handles.keys)
        for reading in readings {
            gone.remove(reading.backend)
            if handles[reading.backend] == nil {
                handles[reading.backend] = Handles(balancer: name, backend: "\(reading.backend)", metrics: metrics)
                logger.info("backend joined", metadata: ["balancer": "\(name)", "backend": "\(reading.backend)"])
            }
            handles[reading.backend]?.export(reading)
        }
        for backend in gone {
            handles.removeValue(forKey: backend)?.destroy()
            logger.info("backend left", metadata: ["balancer": "\(name)", "backend": "\(backend)"])
        }
        count.record(readings.count)
    }
}
