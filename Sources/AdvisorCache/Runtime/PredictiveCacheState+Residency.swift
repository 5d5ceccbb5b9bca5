extension PredictiveCacheState {
    /// The id of `key`, taking it out of the retired queue if it was there: a key that comes
    /// back keeps its id, so ghost lists that remember the id recognise it.
    mutating func intern(_ key: Key) -> ObjectID {
        let id = interner.intern(key)
        retired.remove(id)
        return id
    }

    /// Offers a loaded or put value to the policy and stores it if admitted.
    mutating func admit(_ id: ObjectID, value: Value, weight: Int, at time: Int64, prefetched: Bool) {
        var evicted = evictedScratch
        evictedScratch = []
        let admitted = policy.insert(id, weight: weight, now: now) { evicted.append($0) }
        for victim in evicted {
            stats.evictions += 1
            if entries.clear(victim) { stats.prefetchesWasted += 1 }
            settle(victim)
        }
        evicted.removeAll(keepingCapacity: true)
        evictedScratch = evicted
        if admitted {
            if recordsHistory { history.noteSize(id, UInt32(clamping: weight)) }
            entries.store(id, value: value, weight: weight, deadline: deadline(for: id, at: time), prefetched: prefetched)
            if unit == .bytes { retiredLimit = entries.peakCount }
        } else {
            stats.admissionsRefused += 1
        }
        trimRetired()
    }

    /// Removes a resident entry whose time-to-live has passed.
    mutating func expire(_ id: ObjectID) {
        policy.remove(id)
        stats.expirations += 1
        if entries.clear(id) { stats.prefetchesWasted += 1 }
    }

    /// Retires `id` if it is neither resident nor loading, and trims the retired queue.
    mutating func settle(_ id: ObjectID) {
        guard !entries.isResident(id), loads[id] == nil, !retired.contains(id), interner.key(of: id) != nil else { return }
        retired.append(id)
        trimRetired()
    }

    /// Forgets the oldest retired ids beyond the limit and recycles them.
    private mutating func trimRetired() {
        while retired.count > retiredLimit, let oldest = retired.popFirst() {
            policy.forget(oldest)
            ttlPolicy?.forget(oldest)
            advisor?.forget(oldest)
            if recordsHistory { history.forget(oldest) }
            interner.release(oldest)
        }
    }

    /// The expiry deadline of `id` when it is stored, or requested, at `time` on the cache's clock.
    mutating func deadline(for id: ObjectID, at time: Int64) -> Int64 {
        let ttl: Int64
        if let fixedTTL {
            ttl = fixedTTL
        } else if let asked = ttlPolicy?.ttl(for: id, now: max(0, now - 1), history: history) {
            ttl = ElapsedTime.nanoseconds(asked)
        } else {
            return EntryTable<Value>.never
        }
        let (sum, overflow) = time.addingReportingOverflow(ttl)
        return overflow ? (ttl > 0 ? EntryTable<Value>.never : .min) : sum
    }
}
