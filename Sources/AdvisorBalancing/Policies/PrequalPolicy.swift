/// Prequal-style balancing (Wydrowski et al., NSDI'24): asynchronous load probes of requests in
/// flight (RIF) and latency, kept in a small pool, and the hot-cold lexicographic rule.
///
/// After each choice the policy asks for `probesPerQuery` probes of random candidates (the caller
/// sends them and hands the answers back through `didReceive(_:from:at:)`), so a choice uses
/// answers to earlier probes, never waits for one. A probe whose RIF is above the running
/// `hotQuantile` of answered RIFs is *hot*; the choice is the cold probe with the lowest latency,
/// or the probe with the lowest RIF when all are hot. A used probe counts the request it just
/// sent (RIF + 1) and is dropped after `maxReuse` uses or `maxAgeSeconds`. With no usable probe the
/// choice is random. The parameters are this project's reading of the paper, not Google's values.
package struct PrequalPolicy: BalancerPolicy {
    package struct Settings: Sendable, Equatable {
        /// Probes sent per request.
        package var probesPerQuery = 3
        /// Probes kept (the paper's pool of 16).
        package var poolSize = 16
        /// Uses of one probe answer before it is dropped.
        package var maxReuse = 2
        /// Age after which a probe answer is dropped (s).
        package var maxAgeSeconds = 1.0
        /// The RIF quantile above which a probe is hot.
        package var hotQuantile = 0.75

        package init() {}
    }

    private struct Probe: Sendable {
        var backend: Int
        var requestsInFlight: Int
        var latency: Double
        var time: Double
        var uses: Int
    }

    package var pool: BackendPool
    package let settings: Settings
    private var probes: [Probe] = []
    private var probesWanted = 0
    /// Running estimate of the `hotQuantile` of answered RIFs (stochastic approximation).
    private var hotThreshold = 0.0

    package init(pool: BackendPool, settings: Settings = Settings()) {
        self.pool = pool
        self.settings = settings
        probes.reserveCapacity(settings.poolSize)
        // The first request asks for probes too.
        probesWanted = settings.probesPerQuery
    }

    package mutating func choose(at time: Double) -> Int {
        probesWanted = settings.probesPerQuery
        dropStale(at: time)
        guard !probes.isEmpty else { return pool.candidates[pool.random.index(below: pool.candidates.count)] }
        var bestCold = -1
        var bestAny = 0
        for index in probes.indices {
            let probe = probes[index]
            if Double(probe.requestsInFlight) <= hotThreshold, bestCold < 0 || probe.latency < probes[bestCold].latency {
                bestCold = index
            }
            if probe.requestsInFlight < probes[bestAny].requestsInFlight { bestAny = index }
        }
        let chosen = bestCold >= 0 ? bestCold : bestAny
        let backend = probes[chosen].backend
        probes[chosen].uses += 1
        probes[chosen].requestsInFlight += 1
        if probes[chosen].uses >= settings.maxReuse { probes.remove(at: chosen) }
        return backend
    }

    package mutating func nextProbe(at time: Double) -> Int? {
        guard probesWanted > 0, !pool.candidates.isEmpty else { return nil }
        probesWanted -= 1
        return pool.candidates[pool.random.index(below: pool.candidates.count)]
    }

    package mutating func didReceive(_ answer: ProbeAnswer, from backend: Int, at time: Double) {
        // Robbins–Monro step towards the quantile: up by q when above, down by 1 - q when not.
        let rif = Double(answer.requestsInFlight)
        hotThreshold += 0.05 * (rif > hotThreshold ? settings.hotQuantile : settings.hotQuantile - 1)
        let probe = Probe(backend: backend, requestsInFlight: answer.requestsInFlight, latency: answer.latency, time: time, uses: 0)
        if let same = probes.firstIndex(where: { $0.backend == backend }) {
            probes[same] = probe
        } else if probes.count < settings.poolSize {
            probes.append(probe)
        } else if let oldest = probes.indices.min(by: { probes[$0].time < probes[$1].time }) {
            probes[oldest] = probe
        }
    }

    package mutating func didChangeBackends() {
        probes.removeAll { !pool.isCandidate.indices.contains($0.backend) || !pool.isActive[$0.backend] }
    }

    /// Number of probe answers held (for tests and reports).
    package var probeCount: Int { probes.count }

    private mutating func dropStale(at time: Double) {
        let maxAge = settings.maxAgeSeconds
        let candidate = pool.isCandidate
        probes.removeAll { time - $0.time > maxAge || $0.backend >= candidate.count || !candidate[$0.backend] }
    }
}
