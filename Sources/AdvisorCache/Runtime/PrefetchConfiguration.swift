/// How a `PredictiveCache` prefetches: how many prefetch loads may run at once, and who
/// suggests them.
public struct PrefetchConfiguration {
    /// The most prefetch loads in flight at once; suggestions beyond it are dropped.
    public var maxInFlight: Int
    /// Suggests ids to load after each `get`; `nil` when only `prefetch(_:)` starts prefetches.
    public var advisor: (any PrefetchAdvisor)?

    /// Prefetches run only when asked with `prefetch(_:)`, at most 8 at once.
    public static var manual: Self { Self(maxInFlight: 8) }

    /// - Parameters:
    ///   - maxInFlight: at least 0; 0 turns prefetching off (every suggestion is dropped).
    ///   - advisor: suggests ids after each `get`.
    public init(maxInFlight: Int, advisor: (any PrefetchAdvisor)? = nil) {
        precondition(maxInFlight >= 0, "maxInFlight cannot be negative")
        self.maxInFlight = maxInFlight
        self.advisor = advisor
    }
}
