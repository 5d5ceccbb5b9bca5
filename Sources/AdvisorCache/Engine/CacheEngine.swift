/// The single-threaded heart of a cache: the policy core, the key table, the entries, expiry,
/// prefetch bookkeeping and the statistics, with every decision about them.
///
/// It does no I/O and reads no clock: each method takes the time and returns what the caller
/// must do (load this key, answer these waiters, start these prefetches). `PredictiveCache` wraps
/// it in a `Mutex` and runs loaders outside the lock; `CacheReplay` drives it directly at full
/// speed, answering every load at once. So `advisor simulate cache` measures the code an
/// application runs (DESIGN.md: one policy core).
///
/// Each id in use is in one of three conditions: resident (the policy holds it), loading (its slot
/// says so; it may also be resident after a `put` during the load), or retired (remembered so
/// that ghost history applies if the key returns). When the retired queue outgrows the capacity
/// its oldest id is forgotten and recycled, for key tables that recycle (`CacheKeyTable`).
///
/// Two clocks meet here: `time` (a `CacheTime`, what expiry is measured on) and the request
/// counter `now` that the policy, TTL and prefetch cores see, one tick per `get` or `put`.
@usableFromInline
package struct CacheEngine<Policy: CachePolicy, Keys: CacheKeyTable, Value, Waiter> {
    @usableFromInline var policy: Policy
    @usableFromInline var keys: Keys
    @usableFromInline var slots = EntrySlots<Value>()
    @usableFromInline var expiryQueue = ExpiryQueue()
    @usableFromInline var retired = RetiredIDQueue()
    /// The callers waiting on each load, by the token their cancellation handler finds them with.
    @usableFromInline var waiters: [ObjectID: [(token: UInt64, waiter: Waiter)]] = [:]
    /// The load each waiting caller waits on.
    @usableFromInline var waitingOn: [UInt64: ObjectID] = [:]
    @usableFromInline var prefetchesInFlight = 0
    @usableFromInline let unit: CapacityUnit
    /// How many retired ids are remembered: as many as the cache holds objects, which is what
    /// the ghost lists of ARC (c ghosts) and S3-FIFO (about as many as the main queue) refer
    /// to. A byte capacity does not say how many objects fit, so the most entries ever resident
    /// at once stands in for it; it never shrinks, so a burst of removals forgets nothing.
    @usableFromInline var retiredLimit: Int
    /// The time-to-live every entry gets under `afterWrite` and `afterAccess`.
    @usableFromInline let fixedTTL: Duration?
    /// The per-entry time-to-live seam, under `CacheExpiry.policy`.
    @usableFromInline var ttlPolicy: (any TTLPolicy)?
    /// Whether a request that finds an entry restarts its deadline (`afterAccess`, `policy`).
    @usableFromInline let refreshesOnRequest: Bool
    @usableFromInline var advisor: (any PrefetchAdvisor)?
    /// Whether an advisor is set: a hit tests this flag, not the optional existential, which
    /// would be copied through its value witnesses.
    @usableFromInline let suggestsPrefetches: Bool
    @usableFromInline let maxPrefetchesInFlight: Int
    /// The request history the TTL and prefetch seams read; recorded only when one is set.
    @usableFromInline var history = ObjectHistory()
    @usableFromInline let recordsHistory: Bool
    /// Whether a hit has work beyond the policy's: a history to record or a deadline to restart.
    @usableFromInline let observesHits: Bool
    @usableFromInline var lastToken: UInt64 = 0
    /// The request counter handed to the cores: one tick per `get` or `put`.
    @usableFromInline var now = 0
    /// Every counter but `hits`, which the inlined hit path counts in its own field.
    @usableFromInline var stats = CacheStatistics()
    @usableFromInline var hits = 0
    /// Reused buffers, so evicting and suggesting allocate nothing per request.
    @usableFromInline var evictedScratch: [ObjectID] = []
    @usableFromInline var suggestionScratch: [ObjectID] = []

    /// - Parameters:
    ///   - policy: the eviction core, already sized.
    ///   - keys: the key table (empty).
    ///   - unit: what the capacity counts.
    ///   - expiry: when entries expire.
    ///   - prefetch: the prefetch limit and advisor.
    package init(policy: Policy, keys: Keys, unit: CapacityUnit, expiry: CacheExpiry, prefetch: PrefetchConfiguration) {
        self.retiredLimit = unit == .objects ? policy.capacity : 0
        self.policy = policy
        self.keys = keys
        self.unit = unit
        switch consume expiry {
        case .never:
            (fixedTTL, ttlPolicy, refreshesOnRequest) = (nil, nil, false)
        case .afterWrite(let ttl):
            (fixedTTL, ttlPolicy, refreshesOnRequest) = (ttl, nil, false)
        case .afterAccess(let ttl):
            (fixedTTL, ttlPolicy, refreshesOnRequest) = (ttl, nil, true)
        case .policy(let policy):
            (fixedTTL, ttlPolicy, refreshesOnRequest) = (nil, policy, true)
        }
        self.advisor = prefetch.advisor
        suggestsPrefetches = advisor != nil
        self.maxPrefetchesInFlight = prefetch.maxInFlight
        recordsHistory = ttlPolicy != nil || advisor != nil
        observesHits = recordsHistory || refreshesOnRequest
    }

    /// What a request found on its first look.
    @usableFromInline
    package enum Lookup {
        /// Served from the cache.
        case hit(Value)
        /// Served from the cache; the advisor's suggestions are to be loaded.
        case hitAndPrefetch(Value, [LoadLaunch<Keys.Key>])
        /// A miss with no load in flight: the caller loads the key now and reports with
        /// `finishLoad`, then starts the prefetches (suggested at the request, loaded after it).
        case load(LoadTicket, prefetches: [LoadLaunch<Keys.Key>])
        /// The key is loading: the caller waits with `join`, identified by this token.
        case wait(token: UInt64)
    }

    /// A request's first look: a hit is served and counted; a miss with no load in flight is
    /// counted and made the caller's load. A miss on a load in flight changes nothing yet, so the
    /// caller can register as a waiter and count the miss in one critical section.
    /// - Parameter size: the object's size for the request history, when the caller knows it
    ///   (a replay); otherwise the history notes the stored weight.
    @inlinable @inline(__always)
    package mutating func lookUp(_ key: Keys.Key, size: UInt32? = nil, at time: CacheTime) -> Lookup {
        if let id = keys.id(of: key) {
            if slots.isFresh(id, at: time) {
                let value = serveHit(id, size: size, at: time)
                if !suggestsPrefetches { return .hit(value) }
                return .hitAndPrefetch(value, suggestPrefetches(after: id, requestTime: now - 1))
            }
            if slots.isLoading(id) {
                lastToken += 1
                return .wait(token: lastToken)
            }
        }
        return beginLoad(key, size: size, at: time)
    }

    /// The value of a resident, fresh `key`, served and counted as `lookUp` would, when the hit
    /// has nothing to start (no prefetch advisor); otherwise nil and nothing changed, so that the
    /// caller looks again with `lookUp`. Small, so that it inlines into the embedder's `get`.
    @inlinable @inline(__always)
    package mutating func plainHit(_ key: Keys.Key, at time: CacheTime) -> Value? {
        guard !suggestsPrefetches, let id = keys.id(of: key), slots.isFresh(id, at: time) else { return nil }
        return serveHit(id, size: nil, at: time)
    }

    /// Serves a hit on a resident, fresh entry.
    @inlinable @inline(__always)
    mutating func serveHit(_ id: ObjectID, size: UInt32?, at time: CacheTime) -> Value {
        let requestTime = now
        now &+= 1
        _ = policy.access(id, now: requestTime)
        hits &+= 1
        if slots.markRequested(id) { countUsedPrefetch() }
        if observesHits { observeHit(id, size: size, requestTime: requestTime, at: time) }
        return slots.slots[Int(id)].value.unsafelyUnwrapped
    }

    @usableFromInline
    mutating func countUsedPrefetch() {
        stats.count(.prefetchesUsed)
    }

    /// Advances the request counter and returns the request's time.
    @inlinable
    mutating func tick() -> Int {
        defer { now += 1 }
        return now
    }

    /// The request time of the latest request: what inserts and TTLs are computed at.
    @inlinable var latestRequest: Int { max(0, now - 1) }

    /// The value of `key` if it is resident and fresh. Changes nothing, not even recency.
    package func peek(_ key: Keys.Key, at time: CacheTime) -> Value? {
        guard let id = keys.id(of: key), slots.isFresh(id, at: time) else { return nil }
        return slots.slots[Int(id)].value
    }

    /// The counters and current occupancy.
    package var snapshot: CacheStatistics {
        var snapshot = stats
        snapshot.hits = hits
        snapshot.residentCount = policy.residentCount
        snapshot.residentWeight = policy.used
        snapshot.capacity = policy.capacity
        snapshot.trackedKeys = keys.count
        return snapshot
    }
}

/// A load the engine decided on: which id, and which start of its loads (see `EntrySlot.loadSerial`).
@usableFromInline
package struct LoadTicket: Sendable {
    @usableFromInline let id: ObjectID
    @usableFromInline let serial: UInt32
    @usableFromInline let isPrefetch: Bool

    @inlinable init(id: ObjectID, serial: UInt32, isPrefetch: Bool) {
        (self.id, self.serial, self.isPrefetch) = (id, serial, isPrefetch)
    }
}

/// A load to run outside the engine: its ticket and the key to hand the loader.
@usableFromInline
package struct LoadLaunch<Key> {
    @usableFromInline package let ticket: LoadTicket
    @usableFromInline package let key: Key

    @inlinable init(ticket: LoadTicket, key: Key) {
        (self.ticket, self.key) = (ticket, key)
    }
}

extension LoadLaunch: Sendable where Key: Sendable {}
