/// Proof that a request was admitted by a concurrency limiter; hand it back when the request ends.
public struct LimiterPermit: Sendable, Equatable {
    /// When the request was admitted (seconds).
    public let admittedAt: Double
    /// Requests in flight once it was admitted, itself included.
    public let inflight: Int
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
public enum LimiterDecision: Sendable, Equatable {
    case admitted(LimiterPermit)
    case rejected(LimiterRejection)
}

/// How an admitted request ended, as a limit algorithm sees it.
public enum LimiterOutcome: Sendable, Equatable {
    /// It answered; its latency is a sample of the service's round-trip time.
    case success
    /// It was dropped, timed out or refused for overload: a congestion signal.
    case dropped
    /// It ended for a reason that says nothing about the service (cancelled by the caller); not sampled.
    case ignored
}
