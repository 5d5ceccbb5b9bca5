/// Suggests objects to load before they are asked for (the prefetch seam).
///
/// A single-threaded core like `CachePolicy`: the cache calls it inside its lock after every
/// `get`, so it must be fast and must not block. Suggested ids that are resident, loading or not
/// in use are skipped; ids beyond the cache's prefetch concurrency are dropped and counted.
public protocol PrefetchAdvisor {
    /// Observes a request and appends ids worth loading ahead.
    /// - Parameters:
    ///   - id: the object just requested.
    ///   - now: the cache's request counter.
    ///   - history: the cache's request history, this request included.
    ///   - isResident: whether an object is cached now.
    ///   - candidates: empty on entry; append suggestions, most useful first. The cache reuses
    ///     this buffer, so suggesting allocates nothing.
    mutating func suggest(
        after id: ObjectID, now: Int, history: ObjectHistory, isResident: (ObjectID) -> Bool, into candidates: inout [ObjectID])

    /// Forgets everything about `id`: the cache is about to hand it to another key.
    mutating func forget(_ id: ObjectID)
}
