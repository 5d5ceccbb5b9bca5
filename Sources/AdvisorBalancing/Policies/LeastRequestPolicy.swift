/// Least requests among two random choices (Envoy's default `LEAST_REQUEST` with `choice_count` 2):
/// sample two distinct candidates and send to the one with fewer requests in flight from this client.
public struct LeastRequestPolicy: BalancerPolicy {
    public var pool: BackendPool

    public init(pool: BackendPool) {
        self.pool = pool
    }

    public mutating func choose(at time: Double) -> Int {
        let (first, second) = pool.twoDistinctCandidates()
        // Ties keep the first draw, which is itself random.
        return pool.features.inflight(second) < pool.features.inflight(first) ? second : first
    }
}

extension BackendPool {
    /// Two distinct random candidates (the same one twice when there is only one).
    @inlinable
    public mutating func twoDistinctCandidates() -> (Int, Int) {
        let count = candidates.count
        guard count > 1 else { return (candidates[0], candidates[0]) }
        let first = random.index(below: count)
        // Draw from the other count - 1 and skip over the first: uniform over distinct pairs.
        var second = random.index(below: count - 1)
        if second >= first { second += 1 }
        return (candidates[first], candidates[second])
    }
}
