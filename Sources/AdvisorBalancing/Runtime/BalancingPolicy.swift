/// How a `Balancer` chooses a backend: one of the policies the balancing replay measures, or your own.
public enum BalancingPolicy: Sendable {
    /// Each backend in turn.
    case roundRobin
    /// A uniformly random backend.
    case random
    /// Fewer requests in flight of two random backends (Envoy's default least-request).
    case p2c
    /// Finagle/Linkerd peak-EWMA: the cheaper of two random backends by peak latency × (requests in flight + 1).
    case peakEWMA
    /// Prequal: probes of requests in flight and latency, hot-cold rule; answer the tickets' `probes`.
    case prequal
    /// gRPC weighted round robin by reported utilization; feed it `Balancer.receive(_: LoadReport, from:)`.
    case weightedRoundRobin
    /// The lowest latency a model predicts, over every backend (`RequestModels.mean`).
    case predicted(LatencyModel)
    /// Your own policy, given the set's pool (candidates, features, seeded randomness) at each choice.
    case custom(any CustomBalancerPolicy)

    /// The policy core over `pool`.
    /// - Throws: `ControlConfigurationError` (setting `model`) when a predicted policy's model reads other metrics than declared.
    func makeCore(pool: BackendPool, declaredMetrics: [String]) throws(ControlConfigurationError) -> any BalancerPolicy {
        let name: BalancingPolicyName
        switch self {
        case .roundRobin: name = .roundRobin
        case .random: name = .random
        case .p2c: name = .p2c
        case .peakEWMA: name = .peakEWMA
        case .prequal: name = .prequal
        case .weightedRoundRobin: name = .wrr
        case .predicted(let model):
            try model.requireMetrics(declaredMetrics, for: "the predicted balancer")
            return PredictedLatencyPolicy(pool: pool, model: model)
        case .custom(let policy):
            return CustomPolicyCore(pool: pool, custom: policy)
        }
        do {
            return try PolicyConfiguration(name: name).makePolicy(pool: pool)
        } catch {
            // Only the predicted policy can fail to build, and it is built above.
            throw ControlConfigurationError(setting: "policy", message: "\(error)")
        }
    }
}

/// A balancing policy of your own, for `BalancingPolicy.custom`.
///
/// `choose` is called under the balancer's lock for every request, with the pool as it stands: its
/// `candidates` (the backends in the set that are not ejected as outliers, never empty, by dense index),
/// their `features` (requests in flight, latency averages, error rate) and `randomIndex(below:)` from the
/// set's seeded generator. Times are seconds on the set's clock.
///
/// ```swift
/// struct FewestInFlight: CustomBalancerPolicy {
///     mutating func choose(from pool: inout BackendPool, at time: Double) -> Int {
///         pool.candidates.min { pool.features.inflight($0) < pool.features.inflight($1) }!
///     }
/// }
/// ```
public protocol CustomBalancerPolicy: Sendable {
    /// Chooses one of `pool.candidates` for a request sent at `time`. A returned index that is not a candidate is
    /// replaced by the first candidate.
    mutating func choose(from pool: inout BackendPool, at time: Double) -> Int
}

/// The policy core around a `CustomBalancerPolicy`.
struct CustomPolicyCore: BalancerPolicy {
    var pool: BackendPool
    var custom: any CustomBalancerPolicy

    mutating func choose(at time: Double) -> Int {
        let choice = custom.choose(from: &pool, at: time)
        return choice >= 0 && choice < pool.isCandidate.count && pool.isCandidate[choice] ? choice : pool.candidates[0]
    }
}
