/// The limit algorithms as one type, so a limiter over any of them needs no generic parameter: what the runtime
/// `SharedConcurrencyLimiter` and the balancing replay's client both hold.
package enum AdaptiveLimit: LimitAlgorithm {
    /// A limit that never moves.
    case fixed(Int)
    case aimd(AIMDLimit)
    case gradient2(Gradient2Limit)

    package var limit: Int {
        switch self {
        case .fixed(let limit): limit
        case .aimd(let algorithm): algorithm.limit
        case .gradient2(let algorithm): algorithm.limit
        }
    }

    package mutating func sample(latency: Double, inflight: Int, dropped: Bool) {
        switch self {
        case .fixed: break
        case .aimd(var algorithm):
            algorithm.sample(latency: latency, inflight: inflight, dropped: dropped)
            self = .aimd(algorithm)
        case .gradient2(var algorithm):
            algorithm.sample(latency: latency, inflight: inflight, dropped: dropped)
            self = .gradient2(algorithm)
        }
    }
}
