/// Least requests among two random choices (Envoy's default `LEAST_REQUEST` with `choice_count` 2):
/// sample two distinct candidates and send to the one with fewer requests in flight from this client.
package struct LeastRequestPolicy: BalancerPolicy {
    package var pool: BackendPool

    package init(pool: BackendPool) {
        self.pool = pool
    }

    package mutating func choose(at time: Double) -> Int {
        let (first, second) = pool.twoDistinctCandidates()
        // Ties keep the first draw, which is itself random.
        return pool.features.inflight(second) < pool.features.inflight(first) ? second : first
    }
}
