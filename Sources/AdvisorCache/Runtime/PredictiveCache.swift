// Public because the inlinable hit path reaches the cache's `Mutex`.
public import Synchronization

/// A thread-safe, bounded cache in front of a slow store, driven by the same single-threaded
/// policy cores the offline replay measures.
///
/// A `get` that misses loads the value through the application's loader outside the lock;
/// concurrent misses on one key share one load. Entries can expire on an injected clock, and
/// values can be loaded ahead of demand, by a `PrefetchAdvisor` or by `prefetch(_:)`, with a
/// bound on how many prefetch loads run at once.
///
/// ```swift
/// let cache = try PredictiveCache<UserID, Profile>(capacity: .objects(10_000), expiry: .afterWrite(.seconds(30))) { id in
///     try await database.profile(id)
/// }
/// let profile = try await cache.get(userID)
/// ```
///
/// Inside, keys are interned to dense `ObjectID`s (the policy cores index arrays by them). A key
/// the policy evicts keeps its id for a while, so a ghost list still recognises it when it
/// returns; ids are recycled once forgotten, so memory stays proportional to the capacity.
public final class PredictiveCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    @usableFromInline let state: Mutex<PredictiveCacheState<Key, Value>>
    let loader: @Sendable (Key) async throws -> Value
    let weigh: (@Sendable (Value) -> Int)?
    @usableFromInline let elapsed: ElapsedTime
    /// Whether entries can expire; when not, the clock is never read.
    @usableFromInline let tracksTime: Bool

    /// Creates a cache that evicts with one of the baseline policies.
    /// - Parameters:
    ///   - capacity: how many entries, or bytes, the cache holds.
    ///   - policy: the eviction policy; S3-FIFO unless told otherwise.
    ///   - expiry: when entries expire.
    ///   - prefetch: prefetch concurrency and advisor.
    ///   - clock: the clock expiry is measured on.
    ///   - loader: loads a missing value; called outside the lock, once per key at a time.
    /// - Throws: `PolicyConfigurationError` for `.belady`, which reads the future and so can
    ///   only run in a replay.
    public convenience init(
        capacity: CacheCapacity<Value>,
        policy: BaselinePolicy = .s3fifo,
        expiry: sending CacheExpiry = .never,
        prefetch: sending PrefetchConfiguration = .manual,
        clock: some Clock<Duration> = ContinuousClock(),
        loader: @escaping @Sendable (Key) async throws -> Value
    ) throws(PolicyConfigurationError) {
        let core = try policy.make(capacity: capacity.limit)
        self.init(policy: core, weigh: capacity.weigh, expiry: expiry, prefetch: prefetch, clock: clock, loader: loader)
    }

    /// Creates a cache around a policy core the caller built (for example a learned policy).
    /// - Parameters:
    ///   - policy: the eviction core, already sized; the cache owns it from now on.
    ///   - weigh: each value's size in bytes for a byte-capacity policy, `nil` when the policy
    ///     counts entries. Called outside the lock; results below 1 count as 1.
    ///   - expiry: when entries expire.
    ///   - prefetch: prefetch concurrency and advisor.
    ///   - clock: the clock expiry is measured on.
    ///   - loader: loads a missing value; called outside the lock, once per key at a time.
    public init(
        policy: sending any CachePolicy,
        weigh: (@Sendable (Value) -> Int)?,
        expiry: sending CacheExpiry = .never,
        prefetch: sending PrefetchConfiguration = .manual,
        clock: some Clock<Duration> = ContinuousClock(),
        loader: @escaping @Sendable (Key) async throws -> Value
    ) {
        if case .never = expiry { tracksTime = false } else { tracksTime = true }
        state = Mutex(PredictiveCacheState(policy: policy, unit: weigh == nil ? .objects : .bytes, expiry: expiry, prefetch: prefetch))
        self.weigh = weigh
        self.loader = loader
        self.elapsed = ElapsedTime(clock)
    }

    /// The value for `key`: from the cache on a hit, else from the loader.
    ///
    /// Concurrent misses on one key share a single load. A failed load caches nothing, and
    /// every caller waiting on it gets the loader's error. Cancelling a caller's task stops its
    /// wait with `CancellationError`; the load itself goes on for the others and is cached.
    /// A loader must not `get` its own key: it would wait for itself.
    /// - Throws: the loader's error, or `CancellationError`.
    ///
    /// A hit is inlined into the caller, so that it is specialised for `Key` and `Value`.
    @inlinable
    public func get(_ key: Key) async throws -> Value {
        let time = currentTime()
        switch state.withLock({ $0.lookUp(key, at: time) }) {
        case .hit(let value, let launches):
            if !launches.isEmpty { start(launches) }
            return value
        case .miss(let token):
            return try await waitForLoad(of: key, token: token, at: time)
        }
    }

    /// The value for `key` if it is resident and fresh, without counting a request, touching
    /// the policy or loading anything.
    public func peek(_ key: Key) -> Value? {
        let time = currentTime()
        return state.withLock { $0.peek(key, at: time) }
    }

    /// Stores `value` for `key`, as a write request: the policy sees the access and decides
    /// admission like for a loaded value. A load in flight for `key` will not overwrite it.
    public func put(_ key: Key, _ value: Value) {
        let weight = weight(of: value)
        let time = currentTime()
        state.withLock { $0.put(key, value: value, weight: weight, at: time) }
    }

    /// Removes `key`'s entry. A load in flight for `key` still answers its callers but is not
    /// cached, since it may have read the store before the change that caused the invalidation.
    public func invalidate(_ key: Key) {
        state.withLock { $0.invalidate(key) }
    }

    /// Removes every entry; loads in flight are not cached.
    public func removeAll() {
        state.withLock { $0.removeAll() }
    }

    /// Removes every entry whose time-to-live has passed. Expired entries are also removed
    /// when a `get` reaches them; this frees the space of those nobody asks for.
    /// - Complexity: O(n) in the number of tracked keys, under the lock.
    public func removeExpired() {
        guard tracksTime else { return }
        let time = currentTime()
        state.withLock { $0.removeExpired(at: time) }
    }

    /// Starts loading `keys` ahead of demand, without waiting for them.
    ///
    /// Keys already resident or loading are skipped; keys beyond the prefetch concurrency limit
    /// are dropped and counted in `CacheStatistics.prefetchesDropped`. A prefetched value is
    /// stored as not yet requested: the policy sees an insert but no access.
    public func prefetch(_ keys: [Key]) {
        start(state.withLock { $0.prefetch(keys) })
    }

    /// The counters and current occupancy, read together under the lock.
    public func snapshot() -> CacheStatistics {
        state.withLock { $0.snapshot }
    }

    func weight(of value: Value) -> Int {
        guard let weigh else { return 1 }
        return max(1, weigh(value))
    }

    /// Nanoseconds on the cache's clock, or 0 when nothing expires.
    @inlinable
    func currentTime() -> Int64 {
        tracksTime ? elapsed.nanoseconds : 0
    }
}

extension PredictiveCache {
    /// The broken bookkeeping invariants (empty when sound) and the number of id slots in use,
    /// for tests that check the cache while other tasks use it.
    func audit() -> (violations: [String], idSpan: Int) {
        state.withLock { ($0.invariantViolations(), $0.interner.idSpan) }
    }
}
