import AdvisorSupport
import Synchronization

/// A thread-safe strategy selector: the `StrategySelector` core over strategy models from a model folder, with a
/// seeded generator for its exploration behind a lock.
///
/// ```swift
/// let selector = try SharedStrategySelector(strategies: ["fast", "accurate"], models: models, exploration: 0.05)
/// let choice = try selector.choose(requestFeatures)   // choice.strategy indexes the strategies
/// ```
public final class SharedStrategySelector: Sendable {
    package let selector: StrategySelector
    private let random: Mutex<SeededGenerator>

    /// Loads each strategy's models (`<name>-latency.json` and `<name>-success.json`) from the folder.
    /// - Parameters:
    ///   - strategies: the strategies' names, in the order `choose` indexes them.
    ///   - models: the model folder.
    ///   - exploration: the chance of a uniformly random pick, in [0, 1].
    ///   - seed: seed of the exploration's random picks.
    /// - Throws: `ControlConfigurationError` for no strategies, models that are missing, invalid, of the wrong kind or
    ///   reading different features, or an exploration rate outside [0, 1].
    public init(
        strategies: [String], models: RequestModels, exploration: Double = 0.05, seed: UInt64 = .random(in: 0...UInt64.max)
    ) throws(ControlConfigurationError) {
        let loaded = try strategies.map { name throws(ControlConfigurationError) in try models.strategy(named: name) }
        selector = try StrategySelector(strategies: loaded, exploration: exploration)
        random = Mutex(SeededGenerator(seed: seed))
    }

    /// Picks a strategy for a request with these features (in the models' feature order).
    /// - Returns: the index of the strategy in `strategies`, and whether it was an exploration pick.
    /// - Throws: `ControlConfigurationError` when the number of features differs from what the models read.
    public func choose(_ features: [Double]) throws(ControlConfigurationError) -> (strategy: Int, explored: Bool) {
        let width = selector.strategies[0].latency.featureCount
        try ControlConfigurationError.require(features.count == width, "features", "\(features.count) given; the models read \(width)")
        let choice = features.withUnsafeBufferPointer { row in
            random.withVisibleLock { selector.choose(row, using: &$0) }
        }
        return (choice.strategy, choice.explored)
    }
}
