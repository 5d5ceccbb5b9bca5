/// Decides how long each entry of a runtime cache stays fresh (the adaptive-TTL seam).
///
/// Like a `CachePolicy`, a TTL policy is a single-threaded core: the cache calls it inside its
/// lock, so it must be fast and must not block. It sees objects by their dense id and time by
/// the cache's request counter, the same virtual clock the replay drives.
public protocol TTLPolicy {
    /// The time-to-live of `id`, asked when a value for it is stored (loaded, put or prefetched).
    /// - Parameters:
    ///   - id: the object being stored.
    ///   - now: the cache's request counter.
    /// - Returns: how long the value stays fresh on the cache's clock, or `nil` for no expiry.
    mutating func ttl(for id: ObjectID, now: Int) -> Duration?

    /// Forgets everything about `id`: the cache is about to hand it to another key.
    mutating func forget(_ id: ObjectID)
}
