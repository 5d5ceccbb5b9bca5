/// When the entries of a `PredictiveCache` expire.
///
/// Expiry is measured on the cache's injected clock. An expired entry is a miss: it is removed
/// from the policy (not an eviction decision) and counted in `CacheStatistics.expirations`.
public enum CacheExpiry {
    /// Entries stay until the policy evicts them or they are invalidated.
    case never
    /// Every entry expires this long after it was stored.
    case after(Duration)
    /// Each entry expires when the TTL policy says, asked whenever a value is stored.
    case policy(any TTLPolicy)
}
