/// Decides how long each entry of a runtime cache stays fresh (the adaptive-TTL seam).
///
/// Like a `CachePolicy`, a TTL policy is a single-threaded core: the cache calls it inside its
/// lock, so it must be fast and must not block. It sees objects by their dense id, time by the
/// cache's request counter (the virtual clock the replay drives), and the cache's request
/// history, the same `ObjectHistory` features the replay trains and scores models on.
public protocol TTLPolicy {
    /// The time-to-live of `id`, asked when a value for it is stored (loaded, put or prefetched)
    /// and after every request that finds it resident.
    /// - Parameters:
    ///   - id: the object.
    ///   - now: the cache's request counter.
    ///   - history: the cache's request history, this request included.
    /// - Returns: how long the entry stays fresh from now on the cache's clock, or `nil` for no
    ///   expiry.
    mutating func ttl(for id: ObjectID, now: Int, history: ObjectHistory) -> Duration?

    /// Forgets everything about `id`: the cache is about to hand it to another key.
    mutating func forget(_ id: ObjectID)
}
