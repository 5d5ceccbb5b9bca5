/// Proof that a request was admitted by a concurrency limiter; hand it back when the request ends.
package struct LimiterPermit: Sendable, Equatable {
    /// When the request was admitted (seconds).
    package let admittedAt: Double
    /// Requests in flight once it was admitted, itself included.
    package let inflight: Int
}

/// Why a concurrency limiter turned a request away. Rejections are immediate: nothing is queued.
public enum LimiterRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// As many requests as the current limit are already in flight.
    case limitReached(limit: Int, inflight: Int)
    /// The latency model predicts that one more request in flight would take longer than the target (ms).
    case predictedLatencyAboveTarget(predicted: Double, target: Double)

    public var description: String {
        switch self {
        case .limitReached(let limit, let inflight): "concurrency limit \(limit) reached (\(inflight) in flight)"
        case .predictedLatencyAboveTarget(let predicted, let target):
            "predicted latency \(predicted) ms is above the target \(target) ms"
        }
    }
}

/// A concurrency limiter's answer to a request.
package enum LimiterDecision: Sendable, Equatable {
    case admitted(LimiterPermit)
    case rejected(LimiterRejection)
}
