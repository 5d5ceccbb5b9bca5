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
    var load: LoadProfile

    /// The arrival rate over the replayed window, as fractions of capacity.
    enum LoadProfile: Sendable, Equatable {
        case constant(Double)
        /// Rising linearly from the first to the second.
        case ramp(Double, Double)
        /// The first for a third of the window, the second for the next third, the first again for the last.
        case step(Double, Double)

        /// The windows at the step's higher load (empty unless a step).
        func peak(of window: Range<Double>) -> Range<Double>? {
            guard case .step = self else { return nil }
            let third = (window.upperBound - window.lowerBound) / 3
            return (window.lowerBound + third)..<(window.lowerBound + 2 * third)
        }
    }

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
        case .stalls:
            recordedBackend = Array(repeating: roles.stalling, count: backends)
        case .heterogeneous, .ramp, .overload:
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
        switch scenario {
        case .ramp: self.load = .ramp(load, 2 * load)
        case .overload: self.load = .step(load, 2 * load)
        default: self.load = .constant(load)
        }
    }

    /// Arrival times over `window` for the scenario's load profile, on backends serving `capacity` requests per second.
    func arrivals(_ schedule: ArrivalSchedule, in window: Range<Double>, capacity: Double) -> [Double] {
        switch load {
        case .constant(let load):
            return schedule.times(in: window, startRate: load * capacity, endRate: load * capacity)
        case .ramp(let start, let end):
            return schedule.times(in: window, startRate: start * capacity, endRate: end * capacity)
        case .step(let base, let peak):
            let high = self.load.peak(of: window)!
            return [
                (window.lowerBound..<high.lowerBound, base), (high, peak), (high.upperBound..<window.upperBound, base),
            ].flatMap { part, load in schedule.times(in: part, startRate: load * capacity, endRate: load * capacity) }
        }
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
