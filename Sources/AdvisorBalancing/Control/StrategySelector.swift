package import AdvisorLearning

/// Picks, per request, the strategy with the best predicted outcome among several that can do the
/// same job, and explores the others a little.
///
/// Each strategy (a model or configuration serving an inference request, a code path, a replica
/// class) has its own regression of latency on the request's features and its own estimate of the
/// chance of success (a logistic model, or a constant rate when its training outcomes never
/// failed). The cost of a strategy for a request is its expected time to a success, predicted
/// latency divided by predicted success probability (a failure is retried until one succeeds).
/// With probability `exploration` a uniformly random strategy is picked instead, so every
/// strategy keeps producing the outcomes its model is refitted on.
package struct StrategySelector: Sendable {
    /// How a strategy's chance of success is estimated.
    package enum SuccessEstimate: Sendable {
        /// A logistic model of success on the request's features.
        case model(LinearScorer)
        /// One rate for every request.
        case constant(Double)
    }

    /// One way of doing the job, with its models.
    package struct Strategy: Sendable {
        package let name: String
        /// Predicts latency (ms, or the unit it was fitted in) from the request's features.
        package let latency: LinearScorer
        package let success: SuccessEstimate

        /// - Throws: `LearningError` (`.invalidModel`) for a latency model with a logistic link or a
        ///   success model without one, or models whose feature counts differ.
        package init(name: String, latency: ModelArtifact, success: ModelArtifact) throws(LearningError) {
            try latency.validate(expectedFeatures: nil)
            try success.validate(expectedFeatures: latency.features)
            guard success.link == .logistic else { throw LearningError(.invalidModel, "the success model of \(name) is not logistic") }
            try self.init(name: name, latency: latency, success: .model(LinearScorer(success)))
        }

        /// - Throws: `LearningError` (`.invalidModel`) for a latency model with a logistic link.
        package init(name: String, latency: ModelArtifact, successRate: Double) throws(LearningError) {
            try latency.validate(expectedFeatures: nil)
            try self.init(name: name, latency: latency, success: .constant(min(1, max(0, successRate))))
        }

        private init(name: String, latency: ModelArtifact, success: SuccessEstimate) throws(LearningError) {
            guard latency.link != .logistic else { throw LearningError(.invalidModel, "the latency model of \(name) is a classifier") }
            self.name = name
            self.latency = LinearScorer(latency)
            self.success = success
        }

        /// The predicted latency and chance of success for one request.
        /// - Complexity: O(features), no allocation.
        package func predict(_ features: UnsafeBufferPointer<Double>) -> (latency: Double, success: Double) {
            let probability: Double
            switch success {
            case .model(let scorer): probability = scorer.predict(features)
            case .constant(let rate): probability = rate
            }
            return (latency.predict(features), probability)
        }
    }

    /// The strategy picked for one request.
    package struct Choice: Sendable, Equatable {
        /// Index into `strategies`.
        package let strategy: Int
        /// Whether it was an exploration pick rather than the best predicted.
        package let explored: Bool
        /// The picked strategy's expected time to a success (ms).
        package let expectedCost: Double
    }

    package let strategies: [Strategy]
    /// The chance of a uniformly random pick.
    package let exploration: Double
    /// Success probabilities are floored here, so a strategy predicted never to succeed has a large but finite cost.
    package static let minimumSuccessRate = 0.01

    /// - Throws: `ControlConfigurationError` for no strategies, feature counts that differ, or an
    ///   exploration rate outside [0, 1].
    package init(strategies: [Strategy], exploration: Double = 0.05) throws(ControlConfigurationError) {
        try ControlConfigurationError.require(!strategies.isEmpty, "strategies", "at least one strategy is needed")
        let width = strategies[0].latency.featureCount
        try ControlConfigurationError.require(
            strategies.allSatisfy { $0.latency.featureCount == width }, "strategies", "every strategy's model must read the same features")
        try ControlConfigurationError.require(exploration >= 0 && exploration <= 1, "exploration", "must lie in [0, 1], not \(exploration)")
        self.strategies = strategies
        self.exploration = exploration
    }

    /// The expected time to a success of strategy `index` for a request.
    /// - Complexity: O(features), no allocation.
    package func expectedCost(of index: Int, _ features: UnsafeBufferPointer<Double>) -> Double {
        let (latency, success) = strategies[index].predict(features)
        return latency / max(success, Self.minimumSuccessRate)
    }

    /// The strategy with the lowest expected cost (the first on ties).
    /// - Complexity: O(strategies × features), no allocation.
    package func best(_ features: UnsafeBufferPointer<Double>) -> (strategy: Int, expectedCost: Double) {
        var best = 0
        var bestCost = Double.infinity
        for index in strategies.indices {
            let cost = expectedCost(of: index, features)
            if cost < bestCost { (best, bestCost) = (index, cost) }
        }
        return (best, bestCost)
    }

    /// Picks a strategy for a request: the best predicted, or with probability `exploration` a uniform random one.
    /// - Complexity: O(strategies × features), no allocation.
    package func choose(_ features: UnsafeBufferPointer<Double>, using random: inout some RandomNumberGenerator) -> Choice {
        if exploration > 0, Double.random(in: 0..<1, using: &random) < exploration {
            let index = Int.random(in: strategies.indices, using: &random)
            return Choice(strategy: index, explored: true, expectedCost: expectedCost(of: index, features))
        }
        let (index, cost) = best(features)
        return Choice(strategy: index, explored: false, expectedCost: cost)
    }
}
