/// Round robin: each candidate in turn, whatever its load.
package struct RoundRobinPolicy: BalancerPolicy {
    package var pool: BackendPool
    private var cursor = -1

    /// - Parameter pool: the backends; the starting point is drawn from its generator, so that many
    ///   clients started together do not all begin with backend 0.
    package init(pool: BackendPool) {
        self.pool = pool
        cursor = pool.candidates.isEmpty ? -1 : self.pool.random.index(below: pool.candidates.count)
    }

    package mutating func choose(at time: Double) -> Int {
        cursor += 1
        if cursor >= pool.candidates.count { cursor = 0 }
        return pool.candidates[cursor]
    }
}
