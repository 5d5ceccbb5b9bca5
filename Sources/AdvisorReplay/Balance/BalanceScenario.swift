/// The situations the balancing replay puts policies in, each built from the recording.
public enum BalanceScenario: String, CaseIterable, Sendable, Codable {
    /// Every simulated backend serves like the recording's fastest backend (independent draws each).
    case homogeneous
    /// Simulated backends cycle through the recorded backends other than the bursty one: capacity
    /// differs as much as their recorded service times do (on the embedded recording the CPU-contended
    /// redis-1 serves about 6× slower than redis-0 and redis-2).
    case heterogeneous
    /// Like `homogeneous`, except that backend 0 serves like the recorded backend with the strongest
    /// slow burst, at its recorded times (redis-3, 81–117 s, on the embedded recording).
    case slowReplica = "slow-replica"
    /// The `heterogeneous` backends under load rising linearly from the target load to twice it
    /// (0.7 → 1.4 × capacity by default).
    case ramp

    /// One line for help and reports.
    public var summary: String {
        switch self {
        case .homogeneous: "identical backends (the fastest recorded one)"
        case .heterogeneous: "backends cycle through the recorded ones except the bursty one"
        case .slowReplica: "identical backends but one, which turns slow for its recorded burst"
        case .ramp: "heterogeneous backends, load rising linearly from --load to 2 × --load"
        }
    }
}

/// A scenario made concrete on one recording: which recorded backend each simulated backend serves
/// like, and the load profile as fractions of capacity.
struct ScenarioSetup: Sendable {
    var scenario: BalanceScenario
    /// Recorded backend index per simulated backend.
    var recordedBackend: [Int]
    /// Per simulated backend, the fraction of the replayed window by which its recorded time is shifted (wrapping around).
    var phase: [Double]
    /// Requests each simulated backend serves at once.
    var concurrency: [Int]
    var startLoad: Double
    var endLoad: Double

    /// - Parameters:
    ///   - roles: the recording's baseline, bursty and heterogeneous backends.
    ///   - backends: number of simulated backends.
    ///   - concurrency: requests each serves at once.
    ///   - load: target load as a fraction of capacity.
    init(_ scenario: BalanceScenario, roles: RecordedRoles, backends: Int, concurrency: Int, load: Double) {
        self.scenario = scenario
        switch scenario {
        case .homogeneous:
            recordedBackend = Array(repeating: roles.baseline, count: backends)
        case .heterogeneous, .ramp:
            recordedBackend = (0..<backends).map { roles.mix[$0 % roles.mix.count] }
        case .slowReplica:
            recordedBackend = [roles.bursty] + Array(repeating: roles.baseline, count: backends - 1)
        }
        // The m-th of c simulated copies of one recorded backend replays it shifted by m/c of the window, so
        // copies are independent replicas rather than one machine's noise repeated (the first copy of each
        // recorded backend, and so the bursty one, keeps the recorded times).
        var copies: [Int: Int] = [:]
        for recorded in recordedBackend { copies[recorded, default: 0] += 1 }
        var seen: [Int: Int] = [:]
        phase = recordedBackend.map { recorded in
            defer { seen[recorded, default: 0] += 1 }
            return Double(seen[recorded, default: 0]) / Double(copies[recorded]!)
        }
        self.concurrency = Array(repeating: concurrency, count: backends)
        startLoad = load
        endLoad = scenario == .ramp ? 2 * load : load
    }

    /// Requests per second the simulated backends can serve over `window`: Σ concurrency / mean recorded service time.
    func capacity(_ sampler: ServiceTimeSampler, window: Range<Double>) -> Double {
        var total = 0.0
        for (backend, recorded) in recordedBackend.enumerated() {
            let latencies = sampler.latencies(recorded, in: window)
            let mean = latencies.isEmpty ? 1 : latencies.reduce(0, +) / Double(latencies.count)
            total += Double(concurrency[backend]) / (mean / 1000)
        }
        return total
    }
}

/// The recorded backends the scenarios are built from, chosen from the data.
struct RecordedRoles: Sendable, Equatable {
    /// The recorded backend with the lowest mean latency in the window.
    var baseline: Int
    /// The recorded backend whose 5-second median rises most above its usual level in the window.
    var bursty: Int
    /// Recorded backends for the heterogeneous mix: all but `bursty` (all, when that leaves fewer than two), by name.
    var mix: [Int]

    init(_ sampler: ServiceTimeSampler, window: Range<Double>) throws(BalanceReplayError) {
        let backends = 0..<sampler.backendCount
        var means: [Double] = []
        var bursts: [Double] = []
        for backend in backends {
            let latencies = sampler.latencies(backend, in: window)
            guard latencies.count >= 32 else {
                throw BalanceReplayError(
                    "recorded backend \(sampler.backendNames[backend]) has \(latencies.count) requests in \(window); at least 32 are needed")
            }
            means.append(latencies.reduce(0, +) / Double(latencies.count))
            bursts.append(Self.burstiness(sampler, backend, window))
        }
        baseline = backends.min { means[$0] < means[$1] }!
        let bursty = backends.max { bursts[$0] < bursts[$1] }!
        self.bursty = bursty
        let others = backends.filter { $0 != bursty }
        let chosen = others.count >= 2 ? others : Array(backends)
        mix = chosen.sorted { sampler.backendNames[$0] < sampler.backendNames[$1] }
    }

    /// Highest 5-second median over the median of those medians.
    private static func burstiness(_ sampler: ServiceTimeSampler, _ backend: Int, _ window: Range<Double>) -> Double {
        var medians: [Double] = []
        var start = window.lowerBound
        while start < window.upperBound {
            let slice = sampler.latencies(backend, in: start..<min(start + 5, window.upperBound))
            if slice.count >= 10 { medians.append(slice.sorted()[slice.count / 2]) }
            start += 5
        }
        guard !medians.isEmpty else { return 1 }
        let sorted = medians.sorted()
        return sorted.last! / max(sorted[sorted.count / 2], 1e-9)
    }
}
