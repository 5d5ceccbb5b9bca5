extension CacheEngine {
    /// The id of `key`, taking it out of the retired queue if it was there: a key that comes
    /// back keeps its id, so ghost lists that remember the id recognise it.
    @inlinable
    mutating func intern(_ key: Keys.Key) -> ObjectID {
        let id = keys.intern(key)
        if keys.recyclesIDs { retired.remove(id) }
        slots.reserve(id)
        return id
    }

    /// Offers a loaded or put value to the policy and stores it if admitted.
    @inlinable
    mutating func admit(_ id: ObjectID, value: Value, weight: Int, at time: CacheTime, prefetched: Bool) {
        var evicted = evictedScratch
        evictedScratch = []
        let admitted = policy.insert(id, weight: weight, now: latestRequest) { evicted.append($0) }
        for victim in evicted {
            stats.count(.evictions)
            if slots.clear(victim) { stats.count(.prefetchesWasted) }
            settle(victim)
        }
        evicted.removeAll(keepingCapacity: true)
        evictedScratch = evicted
        if admitted {
            if recordsHistory { history.noteSize(id, UInt32(clamping: weight)) }
            slots.store(id, value: value, weight: weight, prefetched: prefetched)
            setDeadline(id, deadline(for: id, at: time))
            if unit == .bytes { retiredLimit = slots.peakCount }
        } else {
            stats.count(.admissionsRefused)
        }
        trimRetired()
    }

    /// Removes a resident entry whose time-to-live has passed.
    @inlinable
    mutating func expire(_ id: ObjectID) {
        policy.remove(id)
        stats.count(.expirations)
        if slots.clear(id) { stats.count(.prefetchesWasted) }
    }

    /// Retires `id` if it is neither resident nor loading, and trims the retired queue.
    @inlinable
    mutating func settle(_ id: ObjectID) {
        guard keys.recyclesIDs, !slots.isResident(id), !slots.isLoading(id), !retired.contains(id), keys.key(of: id) != nil else { return }
        retired.append(id)
        trimRetired()
    }

    /// Forgets the oldest retired ids beyond the limit and recycles them.
    @inlinable
    mutating func trimRetired() {
        while retired.count > retiredLimit, let oldest = retired.popFirst() {
            policy.forget(oldest)
            ttlPolicy?.forget(oldest)
            advisor?.forget(oldest)
            if recordsHistory { history.forget(oldest) }
            keys.release(oldest)
        }
    }

    /// The expiry deadline of `id` when it is stored, or requested, at `time`.
    @inlinable
    mutating func deadline(for id: ObjectID, at time: CacheTime) -> CacheTime {
        if let fixedTTL { return time.adding(fixedTTL) }
        let requestTime = latestRequest
        guard let ttl = ttlPolicy?.ttl(for: id, now: requestTime, history: history) else { return .never }
        return time.adding(ttl)
    }

    /// Moves a resident entry's deadline, queueing it when it is earlier than what is queued.
    @inlinable
    mutating func setDeadline(_ id: ObjectID, _ deadline: CacheTime) {
        let index = Int(id)
        slots.slots[index].deadline = deadline
        guard deadline < slots.queuedAt[index] else { return }
        slots.queuedAt[index] = deadline
        expiryQueue.push(id, at: deadline)
        if expiryQueue.count > 2 * slots.count + 64 { rebuildExpiryQueue() }
    }

    /// Drops the stale deadlines: one per resident entry that expires.
    @usableFromInline
    mutating func rebuildExpiryQueue() {
        var live: [ExpiryQueue.Deadline] = []
        for index in slots.slots.indices {
            slots.queuedAt[index] = slots.slots[index].weight > 0 ? slots.slots[index].deadline : .never
            if slots.queuedAt[index] != .never { live.append(.init(time: slots.queuedAt[index], id: ObjectID(index))) }
        }
        expiryQueue.rebuild(live)
    }

    /// Records a hit in the history and restarts the entry's deadline, as configured. Out of line:
    /// a plain hit only tests the flag.
    @usableFromInline
    mutating func observeHit(_ id: ObjectID, size: UInt32?, requestTime: Int, at time: CacheTime) {
        if recordsHistory { history.record(id, now: requestTime, size: size ?? UInt32(clamping: slots.weight(id))) }
        if refreshesOnRequest { setDeadline(id, deadline(for: id, at: time)) }
    }

    /// Removes every resident entry whose deadline is at or before `time`.
    /// - Complexity: O(k log n) for k deadlines due.
    package mutating func removeExpired(at time: CacheTime) {
        while let due = expiryQueue.popDue(at: time) {
            let index = Int(due.id)
            // An earlier deadline queued since, or the entry left: this one is stale.
            guard slots.queuedAt[index] == due.time, slots.slots[index].weight > 0 else { continue }
            slots.queuedAt[index] = .never
            if slots.slots[index].deadline <= time {
                expire(due.id)
                settle(due.id)
            } else {
                setDeadline(due.id, slots.slots[index].deadline)
            }
        }
    }

    /// Stores `value` for `key` as a request would: the policy sees an access, then an insert
    /// when the key was not resident. A load in flight for the key will not overwrite it.
    package mutating func put(_ key: Keys.Key, value: Value, weight: Int, at time: CacheTime) {
        let id = intern(key)
        if slots.isLoading(id) { slots.slots[Int(id)].flags.insert(.stale) }
        stats.count(.puts)
        let requestTime = tick()
        if recordsHistory { history.record(id, now: requestTime, size: UInt32(clamping: weight)) }
        _ = policy.access(id, now: requestTime)
        if slots.isResident(id) {
            if slots.weight(id) == weight {
                if slots.markRequested(id) { stats.count(.prefetchesWasted) }
                slots.store(id, value: value, weight: weight, prefetched: false)
                setDeadline(id, deadline(for: id, at: time))
                return
            }
            // The policy cannot re-weigh an entry in place: take it out and admit it again.
            policy.remove(id)
            if slots.clear(id) { stats.count(.prefetchesWasted) }
        }
        admit(id, value: value, weight: weight, at: time, prefetched: false)
        settle(id)
    }

    /// Drops `key`'s entry if resident; a load in flight for it will not be cached.
    package mutating func invalidate(_ key: Keys.Key) {
        guard let id = keys.id(of: key), Int(id) < slots.span else { return }
        if slots.isLoading(id) { slots.slots[Int(id)].flags.insert(.stale) }
        if slots.isResident(id) {
            policy.remove(id)
            stats.count(.invalidations)
            if slots.clear(id) { stats.count(.prefetchesWasted) }
        }
        settle(id)
    }

    /// Drops every entry; loads in flight will not be cached. Keys stay remembered as retired,
    /// so the policy's history of them still applies when they return.
    package mutating func removeAll() {
        for index in slots.slots.indices where slots.slots[index].flags.contains(.loading) {
            slots.slots[index].flags.insert(.stale)
        }
        for id in slots.residentIDs {
            policy.remove(id)
            stats.count(.invalidations)
            if slots.clear(id) { stats.count(.prefetchesWasted) }
            settle(id)
        }
    }
}
