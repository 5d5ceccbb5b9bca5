import AdvisorSupport

/// The recorded backends the scenarios are built from, chosen from the data.
struct RecordedRoles: Sendable, Equatable {
    /// The recorded backend with the lowest mean latency in the window.
    var baseline: Int
    /// The recorded backend whose 5-second median rises most above its usual level in the window.
    var bursty: Int
    /// The recorded backend, other than `bursty`, with the largest p99.9 over median: rare long stalls.
    var stalling: Int
    /// Recorded backends for the heterogeneous mix: all but `bursty` (all, when that leaves fewer than two), by name.
    var mix: [Int]

    init(_ sampler: ServiceTimeSampler, window: Range<Double>) throws(BalanceSimulationError) {
        let backends = 0..<sampler.backendCount
        var means: [Double] = []
        var bursts: [Double] = []
        var tails: [Double] = []
        for backend in backends {
            let latencies = sampler.latencies(backend, in: window)
            guard latencies.count >= 32 else {
                throw BalanceSimulationError(
                    "recorded backend \(sampler.backendNames[backend]) has \(latencies.count) requests in \(window); at least 32 are needed"
                )
            }
            means.append(latencies.reduce(0, +) / Double(latencies.count))
            bursts.append(Self.burstiness(sampler, backend, window))
            let sorted = latencies.sorted()
            tails.append(EmpiricalQuantile.value(0.999, sorted: sorted) / max(EmpiricalQuantile.value(0.5, sorted: sorted), 1e-9))
        }
        baseline = backends.min { means[$0] < means[$1] }!
        let bursty = backends.max { bursts[$0] < bursts[$1] }!
        self.bursty = bursty
        let others = backends.filter { $0 != bursty }
        stalling = (others.isEmpty ? Array(backends) : others).max { tails[$0] < tails[$1] }!
        let chosen = others.count >= 2 ? others : Array(backends)
        mix = chosen.sorted { sampler.backendNames[$0] < sampler.backendNames[$1] }
    }

    /// Highest 5-second median over the median of those medians.
    private static func burstiness(_ sampler: ServiceTimeSampler, _ backend: Int, _ window: Range<Double>) -> Double {
        var medians: [Double] = []
        var start = window.lowerBound
        while start < window.upperBound {
            let slice = sampler.latencies(backend, in: start..<min(start + 5, window.upperBound))
            if slice.count >= 10 { medians.append(EmpiricalQuantile.value(0.5, of: slice)) }
            start += 5
        }
        guard !medians.isEmpty else { return 1 }
        let sorted = medians.sorted()
        return sorted.last! / max(EmpiricalQuantile.value(0.5, sorted: sorted), 1e-9)
    }
}
