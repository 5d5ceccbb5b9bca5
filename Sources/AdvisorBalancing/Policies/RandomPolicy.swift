/// Uniform random choice among the candidates.
package struct RandomPolicy: BalancerPolicy {
    package var pool: BackendPool

    package init(pool: BackendPool) {
        self.pool = pool
    }

    package mutating func choose(at time: Double) -> Int {
        pool.candidates[pool.random.index(below: pool.candidates.count)]
    }
}
