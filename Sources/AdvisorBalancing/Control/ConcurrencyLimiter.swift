/// Admits requests while fewer than the algorithm's limit are in flight, and rejects the rest at once.
///
/// The limiter of Netflix concurrency-limits over any `LimitAlgorithm` (`AIMDLimit`, `Gradient2Limit`):
/// `acquire` admits or rejects with a reason, `release` hands back the permit with the outcome, and
/// the request's latency (release time − admission time) updates the limit. Times are seconds on
/// any monotonic scale; `SharedConcurrencyLimiter` supplies them from a clock.
public struct ConcurrencyLimiter<Algorithm: LimitAlgorithm>: Sendable {
    public private(set) var algorithm: Algorithm
    /// Requests admitted and not yet released.
    public private(set) var inflight = 0
    /// Requests rejected so far.
    public private(set) var rejections = 0

    public init(_ algorithm: Algorithm) {
        self.algorithm = algorithm
    }

    /// The current limit.
    public var limit: Int { algorithm.limit }

    /// Admits a request at `now` if the limit allows.
    /// - Complexity: O(1).
    public mutating func acquire(at now: Double) -> LimiterDecision {
        let limit = algorithm.limit
        guard inflight < limit else {
            rejections += 1
            return .rejected(.limitReached(limit: limit, inflight: inflight))
        }
        inflight += 1
        return .admitted(LimiterPermit(admittedAt: now, inflight: inflight))
    }

    /// Ends an admitted request at `now` and lets its outcome update the limit.
    /// - Complexity: O(1) plus the algorithm's update.
    public mutating func release(_ permit: LimiterPermit, outcome: LimiterOutcome, at now: Double) {
        inflight = max(0, inflight - 1)
        guard outcome != .ignored else { return }
        algorithm.sample(latency: (now - permit.admittedAt) * 1000, inflight: permit.inflight, dropped: outcome == .dropped)
    }
}
