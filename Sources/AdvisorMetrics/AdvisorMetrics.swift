import AdvisorSupport
public import CoreMetrics
public import Logging
public import ServiceLifecycle
import Synchronization

/// Exports the counters of advisor's runtime types through swift-metrics and logs their state changes
/// through swift-log.
///
/// The runtime types keep their own counters under their own locks (`PredictiveCache.snapshot()`,
/// `TieredCache.statistics()`, a balancer's per-backend traffic, a breaker's transitions, a limiter's
/// rejections). The exporter reads them at each `report()`, every `interval` while it runs as a
/// swift-service-lifecycle `Service`, and advances each swift-metrics counter by the difference since
/// the previous report, sets the gauges (in flight, resident entries, breaker state, limits) and logs
/// what changed (a breaker opened or closed, a limit moved, the L2 connection lost or back). So no
/// runtime type calls swift-metrics on a request: a cache hit costs what it cost without metrics, and
/// with no metrics backend bootstrapped every handler is swift-metrics' no-op one.
///
/// Names follow Prometheus' conventions (`advisor_cache_hits_total{cache="users"}`,
/// `advisor_balancer_picks_total{balancer="api",backend="10.0.0.1"}`); the README lists them all.
///
/// ```swift
/// let metrics = AdvisorMetrics(logger: logger)
/// metrics.watch(users, name: "users")
/// metrics.watch(balancer, name: "api")
/// try await ServiceGroup(services: [metrics], logger: logger).run()
/// ```
public final class AdvisorMetrics: Service, Sendable {
    private let exports = Mutex<[any MetricsExport]>([])
    private let factory: (any MetricsFactory)?
    private let logger: Logger
    private let interval: Duration
    private let clock: ElapsedClock

    /// Creates an exporter that watches nothing yet.
    /// - Parameters:
    ///   - interval: how often `run()` reports.
    ///   - logger: where state changes are logged; by default nowhere.
    ///   - factory: the metrics backend; by default the one bootstrapped when each type is watched.
    ///   - clock: the clock `run()` waits on.
    public init(
        interval: Duration = .seconds(10), logger: Logger = Logger(label: "advisor", factory: { _ in SwiftLogNoOpLogHandler() }),
        factory: (any MetricsFactory)? = nil, clock: some Clock<Duration> = ContinuousClock()
    ) {
        self.interval = interval
        self.logger = logger
        self.factory = factory
        self.clock = ElapsedClock(clock)
    }

    /// Reads every watched type and exports what changed since the last report.
    public func report() {
        exports.withLock { exports in
            for index in exports.indices { exports[index].export(logger: logger) }
        }
    }

    /// Reports every `interval` until cancelled or shut down gracefully, then reports once more.
    public func run() async throws {
        let clock = clock
        let interval = interval
        do {
            try await cancelWhenGracefulShutdown { [self] in
                while true {
                    try await clock.sleep(for: interval)
                    report()
                }
            }
        } catch is CancellationError {}
        report()
    }

    /// Adds a watched type; its metrics are created now, on the exporter's factory or the bootstrapped one.
    func watch(_ make: (Metrics) -> any MetricsExport) {
        let export = make(Metrics(factory: factory ?? MetricsSystem.factory))
        exports.withLock { $0.append(export) }
    }
}

/// One watched runtime type: reads it and exports the difference since its last read.
protocol MetricsExport: Sendable {
    mutating func export(logger: Logger)
}
