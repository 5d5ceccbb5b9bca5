/// Uniform random choice among the candidates.
public struct RandomPolicy: BalancerPolicy {
    public var pool: BackendPool

    public init(pool: BackendPool) {
        self.pool = pool
    }

    public mutating func choose(at time: Double) -> Int {
        pool.candidates[pool.random.index(below: pool.candidates.count)]
    }
}
