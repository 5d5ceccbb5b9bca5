/// How a `PredictiveCache` prefetches: how many prefetch loads may run at once, and who
/// suggests them.
public struct PrefetchConfiguration {
    /// The most prefetch loads in flight at once (0 turns prefetching off); suggestions beyond
    /// it are dropped. The cache refuses a negative limit when it is created.
    public var maxInFlight: Int
    /// Suggests ids to load after each `get`; `nil` when only `prefetch(_:)` starts prefetches.
    public var advisor: (any PrefetchAdvisor)?

    /// Prefetches run only when asked with `prefetch(_:)`, at most 8 at once.
    public static var manual: Self { Self(maxInFlight: 8) }

    /// - Parameters:
    ///   - maxInFlight: the most prefetch loads at once, at least 0.
    ///   - advisor: suggests ids after each `get`.
    public init(maxInFlight: Int, advisor: (any PrefetchAdvisor)? = nil) {
        self.maxInFlight = maxInFlight
        self.advisor = advisor
    }
}
