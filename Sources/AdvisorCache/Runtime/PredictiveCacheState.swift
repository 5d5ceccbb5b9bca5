/// The state of a `PredictiveCache` that its lock protects, and every decision about it.
///
/// A single-threaded state machine, like the policy cores it drives: methods take the time as
/// an argument and return what the caller must do outside the lock (resume waiters, start
/// loads). It never calls application code — loaders and weighers run outside the lock.
///
/// Each id in use is in exactly one of three conditions: resident (the policy holds it),
/// loading (a `PendingLoad` exists; it may also be resident after a `put` during the load),
/// or retired (in `retired`, remembered so that ghost history applies if the key returns).
/// When the retired queue outgrows the capacity its oldest id is forgotten and recycled.
@usableFromInline
struct PredictiveCacheState<Key: Hashable & Sendable, Value: Sendable> {
    @usableFromInline typealias Continuation = CheckedContinuation<Value, any Error>

    @usableFromInline var policy: any CachePolicy
    let unit: CapacityUnit
    /// How many retired ids are remembered: as many as the cache holds objects, which is what
    /// the ghost lists of ARC (c ghosts) and S3-FIFO (about as many as the main queue) refer
    /// to. A byte capacity does not say how many objects fit, so the most entries ever resident
    /// at once stands in for it; it never shrinks, so a burst of removals forgets nothing.
    /// Stored rather than computed: reading a computed property of this generic struct from
    /// its unspecialised methods copied the whole struct.
    var retiredLimit: Int
    /// The time-to-live every entry gets, in nanoseconds, under `afterWrite` and `afterAccess`.
    let fixedTTL: Int64?
    /// The per-entry time-to-live seam, under `CacheExpiry.policy`. Held outside an enum so
    /// that its mutating calls update it in place.
    var ttlPolicy: (any TTLPolicy)?
    /// Whether a request that finds an entry restarts its deadline (`afterAccess`, `policy`).
    let refreshesOnRequest: Bool
    @usableFromInline var advisor: (any PrefetchAdvisor)?
    let maxPrefetchesInFlight: Int
    /// The request history the TTL and prefetch seams read; recorded only when one is set.
    var history = ObjectHistory()
    let recordsHistory: Bool
    /// Whether a hit has work beyond the policy's: a history to record or a deadline to restart.
    @usableFromInline let observesHits: Bool

    @usableFromInline var interner = KeyInterner<Key>()
    @usableFromInline var entries = EntryTable<Value>()
    var retired = RetiredIDQueue()
    var loads: [ObjectID: PendingLoad<Value>] = [:]
    /// The load each waiting caller waits on, so cancellation finds it.
    var waitingOn: [UInt64: ObjectID] = [:]
    @usableFromInline var lastToken: UInt64 = 0
    var prefetchesInFlight = 0
    /// The virtual clock handed to the cores: one tick per `get` or `put`.
    @usableFromInline var now = 0
    @usableFromInline var stats = CacheStatistics()
    /// Reused buffers, so evicting and suggesting allocate nothing per request.
    var evictedScratch: [ObjectID] = []
    var suggestionScratch: [ObjectID] = []

    init(policy: sending any CachePolicy, unit: CapacityUnit, expiry: sending CacheExpiry, prefetch: sending PrefetchConfiguration) {
        self.retiredLimit = unit == .objects ? policy.capacity : 0
        self.policy = policy
        self.unit = unit
        switch consume expiry {
        case .never:
            (fixedTTL, ttlPolicy, refreshesOnRequest) = (nil, nil, false)
        case .afterWrite(let ttl):
            (fixedTTL, ttlPolicy, refreshesOnRequest) = (ElapsedTime.nanoseconds(ttl), nil, false)
        case .afterAccess(let ttl):
            (fixedTTL, ttlPolicy, refreshesOnRequest) = (ElapsedTime.nanoseconds(ttl), nil, true)
        case .policy(let policy):
            (fixedTTL, ttlPolicy, refreshesOnRequest) = (nil, policy, true)
        }
        self.advisor = prefetch.advisor
        self.maxPrefetchesInFlight = prefetch.maxInFlight
        recordsHistory = ttlPolicy != nil || advisor != nil
        observesHits = recordsHistory || refreshesOnRequest
    }

    /// What a `get` found on its first look, before it commits to waiting.
    @usableFromInline
    enum Lookup {
        case hit(Value, [LoadLaunch<Key>])
        /// Not resident (or expired): the caller waits, identified by this token.
        case miss(token: UInt64)
    }

    /// A `get`'s first look: a hit is served and counted; a miss changes nothing yet, so that
    /// the caller can register as a waiter and count the miss in one critical section.
    @inlinable
    mutating func lookUp(_ key: Key, at time: Int64) -> Lookup {
        guard let id = interner.id(of: key), entries.isResident(id), !entries.isExpired(id, at: time) else {
            lastToken += 1
            return .miss(token: lastToken)
        }
        let value = serveHit(id, at: time)
        return .hit(value, advisor == nil ? [] : suggestPrefetches(after: id, requestTime: now - 1))
    }

    /// A `get` that missed on its first look: serves it if it has become a hit, or registers
    /// `continuation` as waiting on the key's load, starting one if none is in flight.
    /// - Returns: the answer when it is already known (a hit, or cancellation), and the loads to
    ///   start outside the lock.
    @usableFromInline
    mutating func wait(
        for key: Key, token: UInt64, continuation: Continuation, isCancelled: Bool, at time: Int64
    ) -> (answer: Result<Value, any Error>?, launches: [LoadLaunch<Key>]) {
        // Checked under the lock: a cancellation handler that ran before this found no waiter,
        // and one that runs after will find it.
        if isCancelled { return (.failure(CancellationError()), []) }
        let id = intern(key)
        if entries.isResident(id) {
            if entries.isExpired(id, at: time) {
                expire(id)
            } else {
                let value = serveHit(id, at: time)
                return (.success(value), suggestPrefetches(after: id, requestTime: now - 1))
            }
        }
        let requestTime = tick()
        let wasHit = policy.access(id, now: requestTime)
        assert(!wasHit, "the policy holds id \(id) the cache does not")
        stats.misses += 1
        // The size is not known until the value is loaded; `admit` notes it.
        if recordsHistory { history.record(id, now: requestTime, size: 1) }
        var launches: [LoadLaunch<Key>] = []
        // Joined in place: a copy of the load would copy its waiters on append.
        if let wasLate = loads[id]?.join(token: token, continuation: continuation) {
            stats.coalescedWaits += 1
            if wasLate { stats.prefetchesLate += 1 }
        } else {
            stats.loads += 1
            loads[id] = PendingLoad(waiters: [(token, continuation)], isPrefetch: false, wasRequested: true)
            launches.append(LoadLaunch(id: id, key: key, isPrefetch: false))
        }
        waitingOn[token] = id
        launches += suggestPrefetches(after: id, requestTime: requestTime)
        return (nil, launches)
    }

    /// Stops a waiting caller from waiting; its load goes on.
    /// - Returns: the caller's continuation, to resume with `CancellationError`, or `nil` when it
    ///   is not waiting (already answered, or not yet registered).
    @usableFromInline
    mutating func cancelWait(_ token: UInt64) -> Continuation? {
        guard let id = waitingOn.removeValue(forKey: token), let continuation = loads[id]?.leave(token: token) else { return nil }
        stats.cancelledWaits += 1
        return continuation
    }

    /// Ends the load of `id`: caches its value unless the key changed meanwhile.
    /// - Parameters:
    ///   - outcome: the loader's value or error.
    ///   - weight: the value's weight (ignored on failure).
    /// - Returns: the waiters, to resume with `outcome` outside the lock.
    mutating func finishLoad(_ id: ObjectID, outcome: Result<Value, any Error>, weight: Int, at time: Int64) -> [Continuation] {
        guard let load = loads.removeValue(forKey: id) else { preconditionFailure("no load in flight for id \(id)") }
        for waiter in load.waiters { waitingOn[waiter.token] = nil }
        if load.isPrefetch { prefetchesInFlight -= 1 }
        switch outcome {
        case .success(let value):
            if load.isPrefetch { stats.prefetchesCompleted += 1 } else { stats.loadSuccesses += 1 }
            // A resident id here was put while loading (the load is stale then): keep the put.
            if !load.isStale, !entries.isResident(id) {
                admit(id, value: value, weight: weight, at: time, prefetched: !load.wasRequested)
            }
        case .failure:
            if load.isPrefetch { stats.prefetchesFailed += 1 } else { stats.loadFailures += 1 }
        }
        settle(id)
        return load.waiters.map { $0.continuation }
    }

    /// The value of `key` if it is resident and fresh. Changes nothing, not even recency.
    func peek(_ key: Key, at time: Int64) -> Value? {
        guard let id = interner.id(of: key), entries.isResident(id), !entries.isExpired(id, at: time) else { return nil }
        return entries.value(id)
    }

    /// Stores `value` for `key` as a request would: the policy sees an access, then an insert
    /// when the key was not resident. A load in flight for the key will not overwrite it.
    mutating func put(_ key: Key, value: Value, weight: Int, at time: Int64) {
        let id = intern(key)
        loads[id]?.isStale = true
        stats.puts += 1
        let requestTime = tick()
        if recordsHistory { history.record(id, now: requestTime, size: UInt32(clamping: weight)) }
        if entries.isResident(id) {
            _ = policy.access(id, now: requestTime)
            if entries.weight(id) == weight {
                if entries.markRequested(id) { stats.prefetchesWasted += 1 }
                entries.store(id, value: value, weight: weight, deadline: deadline(for: id, at: time), prefetched: false)
                return
            }
            // The policy cannot re-weigh an entry in place: take it out and admit it again.
            policy.remove(id)
            if entries.clear(id) { stats.prefetchesWasted += 1 }
        } else {
            _ = policy.access(id, now: requestTime)
        }
        admit(id, value: value, weight: weight, at: time, prefetched: false)
        settle(id)
    }

    /// Drops `key`'s entry if resident; a load in flight for it will not be cached.
    mutating func invalidate(_ key: Key) {
        guard let id = interner.id(of: key) else { return }
        loads[id]?.isStale = true
        if entries.isResident(id) {
            policy.remove(id)
            stats.invalidations += 1
            if entries.clear(id) { stats.prefetchesWasted += 1 }
        }
        settle(id)
    }

    /// Drops every entry; loads in flight will not be cached. Keys stay remembered as retired,
    /// so the policy's history of them still applies when they return.
    mutating func removeAll() {
        loads = loads.mapValues { load in
            var load = load
            load.isStale = true
            return load
        }
        for id in entries.residentIDs {
            policy.remove(id)
            stats.invalidations += 1
            if entries.clear(id) { stats.prefetchesWasted += 1 }
            settle(id)
        }
    }

    /// Removes every resident entry whose deadline has passed at `time`.
    /// - Complexity: O(n) in the number of ids in use.
    mutating func removeExpired(at time: Int64) {
        for id in entries.residentIDs where entries.isExpired(id, at: time) {
            expire(id)
            settle(id)
        }
    }

    /// The counters and current occupancy.
    var snapshot: CacheStatistics {
        var snapshot = stats
        snapshot.residentCount = policy.residentCount
        snapshot.residentWeight = policy.used
        snapshot.capacity = policy.capacity
        snapshot.trackedKeys = interner.count
        snapshot.loadsInFlight = loads.count
        return snapshot
    }

    /// Advances the virtual clock by one request and returns the request's time.
    @inlinable
    mutating func tick() -> Int {
        defer { now += 1 }
        return now
    }

    /// Serves a hit on a resident, fresh entry at `time` on the cache's clock.
    @inlinable
    mutating func serveHit(_ id: ObjectID, at time: Int64) -> Value {
        let requestTime = tick()
        let wasHit = policy.access(id, now: requestTime)
        assert(wasHit, "the cache holds id \(id) the policy does not")
        stats.countHit(usingPrefetch: entries.markRequested(id))
        if observesHits { observeHit(id, requestTime: requestTime, at: time) }
        return entries.value(id)
    }

    /// Records a hit in the history and restarts the entry's deadline, as configured.
    @usableFromInline
    mutating func observeHit(_ id: ObjectID, requestTime: Int, at time: Int64) {
        if recordsHistory { history.record(id, now: requestTime, size: UInt32(clamping: entries.weight(id))) }
        if refreshesOnRequest { entries.setDeadline(id, deadline(for: id, at: time)) }
    }
}
