import Synchronization

/// A thread-safe strategy selector: the `StrategySelector` core with an injected random generator behind a lock.
///
/// ```swift
/// let selector = SharedStrategySelector(try StrategySelector(strategies: strategies, exploration: 0.05),
///                                       random: SystemRandomNumberGenerator())
/// let choice = selector.choose([log1p(promptLength), images, steps, loras, isImageToImage, isInpainting])
/// ```
public final class SharedStrategySelector<Random: RandomNumberGenerator & Sendable>: Sendable {
    public let selector: StrategySelector
    private let random: Mutex<Random>

    public init(_ selector: StrategySelector, random: Random) {
        self.selector = selector
        self.random = Mutex(random)
    }

    /// Picks a strategy for a request with these features (in the models' feature order).
    public func choose(_ features: [Double]) -> StrategySelector.Choice {
        precondition(features.count == selector.strategies[0].latency.featureCount, "expected \(selector.strategies[0].latency.featureCount) features")
        return features.withUnsafeBufferPointer { row in
            random.withLock { selector.choose(row, using: &$0) }
        }
    }
}
