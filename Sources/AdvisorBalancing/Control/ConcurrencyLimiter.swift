/// Admits requests while fewer than the algorithm's limit are in flight, and rejects the rest at once.
///
/// The limiter of Netflix concurrency-limits over any `LimitAlgorithm` (`AIMDLimit`, `Gradient2Limit`):
/// `acquire` admits or rejects with a reason, `release` hands back the permit with the outcome, and
/// the request's latency (release time − admission time) updates the limit. Times are seconds on
/// any monotonic scale; `SharedConcurrencyLimiter` supplies them from a clock.
package struct ConcurrencyLimiter<Algorithm: LimitAlgorithm>: Sendable {
    package private(set) var algorithm: Algorithm
    /// Requests admitted and not yet released.
    package private(set) var inflight = 0
    /// Requests rejected so far.
    package private(set) var rejections = 0

    package init(_ algorithm: Algorithm) {
        self.algorithm = algorithm
    }

    /// The current limit.
    package var limit: Int { algorithm.limit }

    /// Admits a request at `now` if the limit allows.
    /// - Complexity: O(1).
    package mutating func acquire(at now: Double) -> LimiterDecision {
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
    /// A success is a sample of the service's round-trip time, a timeout or an overload refusal a congestion signal;
    /// a failure for another reason or a cancellation says nothing about capacity and is not sampled.
    package mutating func release(_ permit: LimiterPermit, outcome: RequestOutcome, at now: Double) {
        inflight = max(0, inflight - 1)
        guard outcome == .succeeded || outcome.isCongestion else { return }
        algorithm.sample(latency: (now - permit.admittedAt) * 1000, inflight: permit.inflight, dropped: outcome.isCongestion)
    }
}
