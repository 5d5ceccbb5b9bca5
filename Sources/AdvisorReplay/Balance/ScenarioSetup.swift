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
