// Public because the inlinable hit path locks through `withVisibleLock`.
public import AdvisorSupport
// Public because the inlinable hit path reaches the cache's `Mutex`.
public import Synchronization

/// A thread-safe, bounded cache in front of a slow store, driven by the same engine and policy
/// cores that `advisor simulate cache` replays.
///
/// A `get` that misses loads the value through the application's loader outside the lock;
/// concurrent misses on one key share one load. Entries can expire on an injected clock, and
/// values can be loaded ahead of demand, by a `PrefetchAdvisor` or by `prefetch(_:)`, with a
/// bound on how many prefetch loads run at once.
///
/// Inside, keys are interned to dense `ObjectID`s (the policy cores index arrays by them). A key
/// the policy evicts keeps its id for a while, so a ghost list still recognises it when it
/// returns; ids are recycled once forgotten, so memory stays proportional to the capacity.
public final class PredictiveCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    @usableFromInline typealias Waiter = CheckedContinuation<Value, any Error>
    @usableFromInline typealias Engine = CacheEngine<PolicyCore, KeyInterner<Key>, Value, Waiter>

    @usableFromInline let state: Mutex<Engine>
    @usableFromInline let loader: @Sendable (Key) async throws -> Value
    @usableFromInline let weigh: (@Sendable (Value) -> Int)?
    let elapsed: ElapsedClock
    /// Whether entries can expire; when not, the clock is never read.
    @usableFromInline let tracksTime: Bool

    /// Creates a cache.
    /// - Parameters:
    ///   - capacity: how many entries, or bytes, the cache holds.
    ///   - policy: the eviction policy; S3-FIFO unless told otherwise.
    ///   - expiry: when entries expire.
    ///   - prefetch: prefetch concurrency and advisor.
    ///   - clock: the clock expiry is measured on.
    ///   - loader: loads a missing value; called outside the lock, once per key at a time.
    /// - Throws: `CacheConfigurationError` for a capacity below 1, a negative prefetch limit or
    ///   time-to-live, `.belady` (it reads the future, so it only runs in a replay), or a custom
    ///   core sized differently from `capacity`.
    public convenience init(
        capacity: CacheCapacity<Value>,
        policy: sending CacheEviction = .baseline(.s3fifo),
        expiry: sending CacheExpiry = .never,
        prefetch: sending PrefetchConfiguration = .manual,
        clock: some Clock<Duration> = ContinuousClock(),
        loader: @escaping @Sendable (Key) async throws -> Value
    ) throws(CacheConfigurationError) {
        guard capacity.limit > 0 else { throw CacheConfigurationError("the capacity must be at least 1, got \(capacity.limit)") }
        guard prefetch.maxInFlight >= 0 else {
            throw CacheConfigurationError("prefetch maxInFlight cannot be negative, got \(prefetch.maxInFlight)")
        }
        try expiry.validate()
        let core = try policy.makeCore(capacity: capacity.limit)
        self.init(policy: core, weigh: capacity.weigh, expiry: expiry, prefetch: prefetch, clock: clock, loader: loader)
    }

    /// Creates a cache around a policy core, already sized and checked.
    init(
        policy: sending any CachePolicy,
        weigh: (@Sendable (Value) -> Int)?,
        expiry: sending CacheExpiry = .never,
        prefetch: sending PrefetchConfiguration = .manual,
        clock: some Clock<Duration> = ContinuousClock(),
        loader: @escaping @Sendable (Key) async throws -> Value
    ) {
        if case .never = expiry { tracksTime = false } else { tracksTime = true }
        let engine = Engine(
            policy: PolicyCore(policy), keys: KeyInterner(), unit: weigh == nil ? .objects : .bytes, expiry: expiry, prefetch: prefetch)
        state = Mutex(engine)
        self.weigh = weigh
        self.loader = loader
        self.elapsed = ElapsedClock(clock)
    }

    /// The value for `key`: from the cache on a hit, else from the loader.
    ///
    /// Concurrent misses on one key share a single load, run by the first caller in its own task.
    /// A failed load caches nothing, and every caller waiting on it gets the loader's error.
    /// Cancelling a waiting caller's task stops its wait with `CancellationError`; the load goes
    /// on for the others and is cached. If the caller running the load is cancelled and its
    /// loader fails while others wait, a new load runs for them. A loader must not `get` its own
    /// key: it would wait for itself.
    ///
    /// It runs on the caller's executor (`nonisolated(nonsending)`): a hit never hops, even
    /// from an actor; only a load runs the loader on the loader's own isolation.
    /// - Throws: the loader's error, or `CancellationError`.
    @inlinable
    nonisolated(nonsending) public func get(_ key: Key) async throws -> Value {
        let time = currentTime()
        if let value = state.withVisibleLock({ $0.plainHit(key, at: time) }) { return value }
        return try await resolve(key, at: time)
    }

    /// The rest of `get` when its first look was not a plain hit: a second look, under the lock
    /// again, that also handles prefetches, loads and waits. Out of line, so that the hit path
    /// inlined into the caller stays a lock, a lookup and a return.
    @inlinable @inline(never)
    nonisolated(nonsending) func resolve(_ key: Key, at time: CacheTime) async throws -> Value {
        let lookup = state.withVisibleLock { $0.lookUp(key, at: time) }
        switch lookup {
        case .hit(let value):
            return value
        case .hitAndPrefetch(let value, let launches):
            start(launches)
            return value
        case .load(let ticket, let prefetches):
            return try await load(key, ticket, then: prefetches)
        case .wait(let token):
            return try await waitForLoad(of: key, token: token, at: time)
        }
    }

    /// The value for `key` if it is resident and fresh, without counting a request, touching
    /// the policy or loading anything.
    public func peek(_ key: Key) -> Value? {
        let time = currentTime()
        return state.withVisibleLock { $0.peek(key, at: time) }
    }

    /// Stores `value` for `key`, as a write request: the policy sees the access and decides
    /// admission like for a loaded value. A load in flight for `key` will not overwrite it.
    public func put(_ key: Key, _ value: Value) {
        let weight = weight(of: value)
        let time = currentTime()
        state.withVisibleLock { $0.put(key, value: value, weight: weight, at: time) }
    }

    /// Removes `key`'s entry. A load in flight for `key` still answers its callers but is not
    /// cached, since it may have read the store before the change that caused the invalidation.
    public func invalidate(_ key: Key) {
        state.withVisibleLock { $0.invalidate(key) }
    }

    /// Removes every entry; loads in flight are not cached.
    public func removeAll() {
        state.withVisibleLock { $0.removeAll() }
    }

    /// Removes every entry whose time-to-live has passed. Expired entries are also removed
    /// when a `get` reaches them; this frees the space of those nobody asks for.
    /// - Complexity: O(k log n) for k expired entries, under the lock.
    public func removeExpired() {
        guard tracksTime else { return }
        let time = currentTime()
        state.withVisibleLock { $0.removeExpired(at: time) }
    }

    /// Starts loading `keys` ahead of demand, without waiting for them.
    ///
    /// Keys already resident or loading are skipped; keys beyond the prefetch concurrency limit
    /// are dropped and counted in `CacheStatistics.prefetchesDropped`. A prefetched value is
    /// stored as not yet requested: the policy sees an insert but no access.
    public func prefetch(_ keys: [Key]) {
        start(state.withVisibleLock { $0.prefetch(keys) })
    }

    /// The counters and current occupancy, read together under the lock.
    public func snapshot() -> CacheStatistics {
        state.withVisibleLock { $0.snapshot }
    }

    /// The weight of a value: 1 per entry, or its size in bytes (at least 1).
    @inlinable
    func weight(of value: Value) -> Int {
        guard let weigh else { return 1 }
        return max(1, weigh(value))
    }

    /// The moment on the cache's clock, or its start when nothing expires.
    @inlinable
    func currentTime() -> CacheTime {
        tracksTime ? readClock() : .zero
    }

    @usableFromInline
    func readClock() -> CacheTime {
        CacheTime(nanoseconds: elapsed.nanoseconds)
    }
}

extension PredictiveCache {
    /// The broken bookkeeping invariants (empty when sound) and the number of id slots in use,
    /// for tests that check the cache while other tasks use it.
    func audit() -> (violations: [String], idSpan: Int) {
        state.withVisibleLock { ($0.invariantViolations(), $0.idSpan) }
    }
}
