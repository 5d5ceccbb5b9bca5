/// Weighted round robin by reported utilization (gRPC's `weighted_round_robin`, driven by ORCA load reports).
///
/// Each backend's weight is `qps / (utilization + eps / qps × errorUtilizationPenalty)`: the requests
/// it completes per unit of busy capacity. A weight counts only after the backend has reported
/// for the blackout period and until it goes stale; backends without a usable weight get the mean
/// weight of the others (all equal, i.e. round robin, when none has one). Weights are refreshed
/// every `weightUpdateSeconds`; the schedule between refreshes is smooth weighted round robin.
package struct WeightedRoundRobinPolicy: BalancerPolicy {
    /// gRPC's defaults.
    package struct Settings: Sendable, Equatable {
        package var blackoutSeconds = 10.0
        package var expirationSeconds = 180.0
        package var weightUpdateSeconds = 1.0
        package var errorUtilizationPenalty = 1.0

        package init() {}
    }

    private struct Weight: Sendable {
        var value = 0.0
        /// Since when the backend has reported a usable weight without a gap longer than the expiration; NaN if not.
        var nonEmptySince = Double.nan
        var lastUpdate = Double.nan
    }

    package var pool: BackendPool
    package let settings: Settings
    private var weights: [Weight] = []
    /// Weights in use until the next refresh, by backend index.
    private var effective: [Double] = []
    /// Smooth-WRR credit, by backend index.
    private var credit: [Double] = []
    private var nextUpdate = -Double.infinity

    package init(pool: BackendPool, settings: Settings = Settings()) {
        self.pool = pool
        self.settings = settings
        didChangeBackends()
    }

    package mutating func choose(at time: Double) -> Int {
        if time >= nextUpdate { refreshWeights(at: time) }
        // Smooth weighted round robin (as in nginx): every candidate earns its weight, the richest
        // is chosen and pays the total. Deterministic and evenly interleaved.
        var best = pool.candidates[0]
        var total = 0.0
        for backend in pool.candidates {
            let weight = effective[backend]
            credit[backend] += weight
            total += weight
            if credit[backend] > credit[best] { best = backend }
        }
        credit[best] -= total
        return best
    }

    package mutating func didReceive(_ report: LoadReport, from backend: Int, at time: Double) {
        guard backend < weights.count else { return }
        let qps = report.queriesPerSecond
        var usable = qps > 0 && report.utilization > 0
        var weight = 0.0
        if usable {
            let penalty = report.errorsPerSecond / qps * settings.errorUtilizationPenalty
            weight = qps / (report.utilization + penalty)
            usable = weight.isFinite && weight > 0
        }
        guard usable else { return }
        var state = weights[backend]
        if state.nonEmptySince.isNaN || time - state.lastUpdate > settings.expirationSeconds { state.nonEmptySince = time }
        state.value = weight
        state.lastUpdate = time
        weights[backend] = state
    }

    package mutating func didChangeBackends() {
        let count = pool.isActive.count
        if weights.count < count {
            weights.append(contentsOf: repeatElement(Weight(), count: count - weights.count))
            effective.append(contentsOf: repeatElement(1, count: count - effective.count))
            credit.append(contentsOf: repeatElement(0, count: count - credit.count))
        }
        for backend in 0..<count where !pool.isActive[backend] {
            weights[backend] = Weight()
            credit[backend] = 0
        }
        nextUpdate = -.infinity
    }

    private mutating func refreshWeights(at time: Double) {
        nextUpdate = time + settings.weightUpdateSeconds
        var sum = 0.0
        var usable = 0
        for backend in pool.candidates {
            let state = weights[backend]
            let ready =
                !state.nonEmptySince.isNaN && time - state.nonEmptySince >= settings.blackoutSeconds
                && time - state.lastUpdate <= settings.expirationSeconds
            effective[backend] = ready ? state.value : 0
            if ready {
                sum += state.value
                usable += 1
            }
        }
        // gRPC falls back to plain round robin until at least two backends have weights.
        let fallback = usable >= 2 ? sum / Double(usable) : 1
        for backend in pool.candidates where usable < 2 || effective[backend] == 0 {
            effective[backend] = fallback
        }
    }
}
