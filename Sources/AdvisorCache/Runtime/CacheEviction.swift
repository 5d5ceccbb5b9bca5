/// Which policy core decides what a `PredictiveCache` evicts.
public enum CacheEviction {
    /// One of the heuristics `advisor simulate cache` measures (all but `.belady`, which reads
    /// the future).
    case baseline(BaselinePolicy)
    /// The learned policy, starting from the eviction model `advisor train` wrote: S3-FIFO's
    /// queues, with the model choosing among the 8 oldest entries of a queue when it has shown,
    /// on the requests already served, that its choices beat S3-FIFO's; refitted online.
    case learned(CacheModels)
    /// A core of your own, sized to the cache's capacity.
    case custom(any CachePolicy)

    /// The core for a cache of `capacity`.
    /// - Throws: `CacheConfigurationError` for `.belady` or a custom core of another capacity.
    func makeCore(capacity: Int) throws(CacheConfigurationError) -> any CachePolicy {
        switch self {
        case .baseline(let baseline):
            guard !baseline.isOffline else {
                throw CacheConfigurationError("belady reads the future: it runs in a replay, not in a live cache")
            }
            return try baseline.make(capacity: capacity)
        case .learned(let models):
            return LearnedPolicy(capacity: capacity, model: models.eviction)
        case .custom(let core):
            guard core.capacity == capacity else {
                throw CacheConfigurationError("the custom policy holds \(core.capacity), the cache's capacity is \(capacity)")
            }
            return core
        }
    }
}

/// A cache configuration or model that cannot work as given.
public struct CacheConfigurationError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, naming the value or file.
    public let description: String

    init(_ description: String) { self.description = description }
}
