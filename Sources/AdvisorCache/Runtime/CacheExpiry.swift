/// When the entries of a `PredictiveCache` expire.
///
/// Expiry is measured on the cache's injected clock. An expired entry is a miss: it is removed
/// from the policy (not an eviction decision) and counted in `CacheStatistics.expirations`.
///
/// `afterAccess` and `policy` restart an entry's deadline at every request for it, as the
/// simulation's fixed and adaptive TTLs do: both run the same engine.
public enum CacheExpiry {
    /// Entries stay until the policy evicts them or they are invalidated.
    case never
    /// Every entry expires this long after its value was stored, however often it is read:
    /// a bound on staleness.
    case afterWrite(Duration)
    /// Every entry expires this long after it was last stored or requested: an idle timeout.
    case afterAccess(Duration)
    /// Each entry expires when the TTL policy says, asked whenever the entry is stored or
    /// requested.
    case policy(any TTLPolicy)

    /// - Throws: `CacheConfigurationError` for a negative time-to-live.
    func validate() throws(CacheConfigurationError) {
        switch self {
        case .afterWrite(let ttl), .afterAccess(let ttl):
            guard ttl >= .zero else { throw CacheConfigurationError("a time-to-live cannot be negative, got \(ttl)") }
        case .never, .policy:
            break
        }
    }
}
