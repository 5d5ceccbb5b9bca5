/// Peak-EWMA (Finagle, Linkerd): two random choices, each costed as its peak-sensitive latency EWMA
/// times (requests in flight + 1); the cheaper one wins.
///
/// The latency is the tracker's peak-EWMA (jumps up to a slow answer at once, decays over 10 s),
/// read Finagle's way: decayed towards zero for the time since the backend last answered, so a
/// backend that was avoided after one slow answer is tried again.
package struct PeakEWMAPolicy: BalancerPolicy {
    package var pool: BackendPool

    package init(pool: BackendPool) {
        self.pool = pool
    }

    package mutating func choose(at time: Double) -> Int {
        let (first, second) = pool.twoDistinctCandidates()
        return cost(second, at: time) < cost(first, at: time) ? second : first
    }

    /// Expected wait for a new request at `backend` (ms): latency × (queue ahead + itself).
    func cost(_ backend: Int, at time: Double) -> Double {
        pool.features.decayedPeakLatency(backend, at: time) * Double(pool.features.inflight(backend) + 1)
    }
}
