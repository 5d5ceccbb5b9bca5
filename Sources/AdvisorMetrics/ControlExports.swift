public import AdvisorBalancing
import CoreMetrics
import Logging

extension AdvisorMetrics {
    /// Exports an adaptive concurrency limiter: gauges `advisor_limiter_limit{limiter}` and
    /// `advisor_limiter_in_flight{limiter}`, and `advisor_limiter_rejections_total{limiter}`. A limit that
    /// moved since the last report is logged (a notice with both values).
    /// - Parameters:
    ///   - limiter: the limiter to read at each report.
    ///   - name: the value of the `limiter` label.
    public func watch(_ limiter: SharedConcurrencyLimiter, name: String) {
        watch { LimiterExport(name: name, metrics: $0, read: { limiter.reading() }) }
    }

    /// Exports a predicted-latency limiter as `advisor_limiter_in_flight{limiter}` and
    /// `advisor_limiter_rejections_total{limiter}`, summed over its backends (it has no single limit).
    /// - Parameters:
    ///   - limiter: the limiter to read at each report.
    ///   - name: the value of the `limiter` label.
    public func watch(_ limiter: SharedPredictedLatencyLimiter, name: String) {
        watch { metrics in
            LimiterExport(
                name: name, metrics: metrics,
                read: {
                    let reading = limiter.reading()
                    return (nil, reading.inflight, reading.rejections)
                })
        }
    }

    /// Exports a timeout advisor: `advisor_timeout_requests_total{timeouts}` (requests recorded),
    /// `advisor_timeout_exceeded_total{timeouts}` (those that took longer than their timeout) and the gauge
    /// `advisor_timeout_correction_factor{timeouts}`, the online correction on the model's quantile.
    /// - Parameters:
    ///   - advisor: the advisor to read at each report.
    ///   - name: the value of the `timeouts` label.
    public func watch(_ advisor: SharedTimeoutAdvisor, name: String) {
        watch { metrics in
            let dimensions = [("timeouts", name)]
            return ControlExport(
                counters: [
                    metrics.counter("advisor_timeout_requests_total", dimensions),
                    metrics.counter("advisor_timeout_exceeded_total", dimensions),
                ],
                factor: metrics.gauge("advisor_timeout_correction_factor", dimensions),
                read: {
                    let reading = advisor.reading()
                    return ([reading.recorded, reading.timedOut], reading.correctionFactor)
                })
        }
    }

    /// Exports a hedge planner: `advisor_hedge_primaries_total{hedging}`, `advisor_hedge_backups_total{hedging}`,
    /// `advisor_hedge_backups_refused_total{hedging}` (refused by the extra-load budget) and the gauge
    /// `advisor_hedge_correction_factor{hedging}` on the delay.
    /// - Parameters:
    ///   - planner: the planner to read at each report.
    ///   - name: the value of the `hedging` label.
    public func watch(_ planner: SharedHedgePlanner, name: String) {
        watch { metrics in
            let dimensions = [("hedging", name)]
            return ControlExport(
                counters: ["primaries", "backups", "backups_refused"].map { metrics.counter("advisor_hedge_\($0)_total", dimensions) },
                factor: metrics.gauge("advisor_hedge_correction_factor", dimensions),
                read: {
                    let reading = planner.reading()
                    return ([reading.primaries, reading.sent, reading.refused], reading.correctionFactor)
                })
        }
    }
}

/// A concurrency limiter's limit, in-flight requests and rejections, exported by difference.
struct LimiterExport: MetricsExport {
    let name: String
    /// The limit (nil for a limiter without one), the requests in flight and the rejections so far.
    let read: @Sendable () -> (limit: Int?, inflight: Int, rejections: Int)
    let limit: Gauge?
    let inflight: Gauge
    var rejections: DeltaCounter
    /// The limit at the last report.
    var lastLimit: Int?

    init(name: String, metrics: Metrics, read: @escaping @Sendable () -> (limit: Int?, inflight: Int, rejections: Int)) {
        self.name = name
        self.read = read
        let dimensions = [("limiter", name)]
        limit = read().limit == nil ? nil : metrics.gauge("advisor_limiter_limit", dimensions)
        inflight = metrics.gauge("advisor_limiter_in_flight", dimensions)
        rejections = metrics.counter("advisor_limiter_rejections_total", dimensions)
    }

    mutating func export(logger: Logger) {
        let reading = read()
        inflight.record(reading.inflight)
        rejections.advance(to: reading.rejections)
        guard let current = reading.limit else { return }
        limit?.record(current)
        if let lastLimit, lastLimit != current {
            logger.notice(
                "concurrency limit moved",
                metadata: ["limiter": "\(name)", "from": "\(lastLimit)", "to": "\(current)", "rejections": "\(reading.rejections)"])
        }
        lastLimit = current
    }
}

/// A request control's counters and correction factor, exported by difference.
struct ControlExport: MetricsExport {
    var counters: [DeltaCounter]
    let factor: Gauge
    /// The counters in the order of `counters`, and the factor.
    let read: @Sendable () -> ([Int], Double)

    mutating func export(logger: Logger) {
        let (values, factor) = read()
        for (index, value) in values.enumerated() { counters[index].advance(to: value) }
        self.factor.record(factor)
    }
}
