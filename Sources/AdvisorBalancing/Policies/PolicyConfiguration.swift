import AdvisorLearning

/// Something to do with a policy core whose concrete type is known (so the work is specialised for it).
package protocol BalancerPolicyVisitor {
    associatedtype Result
    mutating func visit<Policy: BalancerPolicy>(_ policy: inout Policy) throws -> Result
}

/// Everything needed to build any policy core.
package struct PolicyConfiguration: Sendable {
    package var name: BalancingPolicyName
    /// Required by `predicted`.
    package var model: LatencyModel?
    package var scan: PredictedLatencyPolicy.Scan = .all
    /// Whether the predicted policy ages idle backends' estimates toward the pool's.
    package var explores = true
    package var prequal = PrequalPolicy.Settings()
    package var weightedRoundRobin = WeightedRoundRobinPolicy.Settings()

    package init(name: BalancingPolicyName, model: LatencyModel? = nil) {
        self.name = name
        self.model = model
    }

    /// Builds the policy over `pool` and hands it to `visitor`, with its concrete type.
    /// - Throws: `LearningError` (`.invalidModel`) when `predicted` has no model or the model does not read the pool's features;
    ///   whatever the visitor throws.
    @inlinable
    package func withPolicy<Visitor: BalancerPolicyVisitor>(pool: BackendPool, _ visitor: inout Visitor) throws -> Visitor.Result {
        switch name {
        case .roundRobin:
            var policy = RoundRobinPolicy(pool: pool)
            return try visitor.visit(&policy)
        case .random:
            var policy = RandomPolicy(pool: pool)
            return try visitor.visit(&policy)
        case .p2c:
            var policy = LeastRequestPolicy(pool: pool)
            return try visitor.visit(&policy)
        case .peakEWMA:
            var policy = PeakEWMAPolicy(pool: pool)
            return try visitor.visit(&policy)
        case .prequal:
            var policy = PrequalPolicy(pool: pool, settings: prequal)
            return try visitor.visit(&policy)
        case .wrr:
            var policy = WeightedRoundRobinPolicy(pool: pool, settings: weightedRoundRobin)
            return try visitor.visit(&policy)
        case .predicted:
            guard let model else { throw LearningError(.invalidModel, "the predicted policy needs a latency model") }
            guard model.artifact.features == pool.features.featureNames else {
                throw LearningError(
                    .invalidModel, "model \(model.name) reads \(model.artifact.features); the pool computes \(pool.features.featureNames)")
            }
            var policy = PredictedLatencyPolicy(pool: pool, model: model, scan: scan, explores: explores)
            return try visitor.visit(&policy)
        }
    }

    /// The policy as an existential, for the runtime wrapper (one dynamic call per decision is fine there).
    package func makePolicy(pool: BackendPool) throws -> any BalancerPolicy {
        struct Boxing: BalancerPolicyVisitor {
            mutating func visit<Policy: BalancerPolicy>(_ policy: inout Policy) -> any BalancerPolicy { policy }
        }
        var boxing = Boxing()
        return try withPolicy(pool: pool, &boxing)
    }
}
