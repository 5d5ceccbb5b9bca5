import AdvisorSupport

/// A run's latency distribution at fixed quantiles: enough for a CDF picture, a few hundred bytes of JSON.
package struct LatencyCDF: Codable, Sendable {
    /// Dense where tails differ: every decile, then the tail up to p99.9 and the maximum.
    package static let levels: [Double] = [
        0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.975, 0.99, 0.995, 0.999, 1,
    ]
    package var quantiles: [Double]
    /// The latency (ms) at each quantile, from the run's histogram (within 0.4%).
    package var ms: [Double]

    init(_ histogram: LatencyHistogram) {
        quantiles = Self.levels
        ms = Self.levels.map { histogram.quantile($0) }
    }
}

/// A run's p99 latency per stretch of simulated time, so a slow period or a load step shows as it happened.
package struct LatencyOverTime: Codable, Sendable {
    /// Stretches the replayed window is cut into.
    package static let buckets = 30
    package var bucketSeconds: Double
    /// The middle of each stretch that had answered or timed-out requests (recorded time, s).
    package var seconds: [Double]
    /// The p99 (ms) of the requests that arrived in it (a timeout counts as the timeout; rejected ones not at all).
    package var p99Ms: [Double]

    enum CodingKeys: String, CodingKey {
        case seconds
        case bucketSeconds = "bucket_seconds"
        case p99Ms = "p99_ms"
    }

    /// - Parameters:
    ///   - log: the run's request log by arrival (a rejected request is logged with latency −1).
    ///   - arrivals: arrival times (s), increasing.
    init(log: RequestLog, arrivals: [Double], window: Range<Double>) {
        let span = window.upperBound - window.lowerBound
        bucketSeconds = span / Double(Self.buckets)
        var bins = [[Double]](repeating: [], count: Self.buckets)
        for request in arrivals.indices where log.latencies[request] >= 0 && window.contains(arrivals[request]) {
            let bin = min(Self.buckets - 1, Int((arrivals[request] - window.lowerBound) / bucketSeconds))
            bins[bin].append(log.latencies[request])
        }
        seconds = []
        p99Ms = []
        for (index, bin) in bins.enumerated() where !bin.isEmpty {
            seconds.append(window.lowerBound + (Double(index) + 0.5) * bucketSeconds)
            p99Ms.append(EmpiricalQuantile.value(0.99, of: bin))
        }
    }
}
