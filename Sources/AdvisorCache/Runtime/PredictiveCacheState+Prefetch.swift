extension PredictiveCacheState {
    /// Asks the advisor what to load after the request for `id` at `requestTime` and starts
    /// what the limit allows.
    /// - Returns: the prefetch loads to start outside the lock (empty, and not allocated, when
    ///   there is no advisor or nothing to start).
    @usableFromInline
    mutating func suggestPrefetches(after id: ObjectID, requestTime: Int) -> [LoadLaunch<Key>] {
        // Taken out while it runs, so that its `isResident` closure may read the entries.
        guard var advisor = advisor.take() else { return [] }
        var candidates = suggestionScratch
        suggestionScratch = []
        candidates.removeAll(keepingCapacity: true)
        advisor.suggest(after: id, now: requestTime, history: history, isResident: { entries.isResident($0) }, into: &candidates)
        self.advisor = advisor
        var launches: [LoadLaunch<Key>] = []
        for candidate in candidates {
            if let launch = startPrefetch(of: candidate) { launches.append(launch) }
        }
        suggestionScratch = candidates
        return launches
    }

    /// Starts prefetching `keys`: those neither resident nor loading, while the limit allows.
    /// - Returns: the prefetch loads to start outside the lock.
    mutating func prefetch(_ keys: [Key]) -> [LoadLaunch<Key>] {
        var launches: [LoadLaunch<Key>] = []
        for key in keys {
            if let id = interner.id(of: key) {
                if let launch = startPrefetch(of: id) { launches.append(launch) }
            } else if prefetchesInFlight < maxPrefetchesInFlight {
                // Interned only once it is sure to load, so a dropped key leaves no id behind.
                if let launch = startPrefetch(of: interner.intern(key)) { launches.append(launch) }
            } else {
                stats.prefetchesDropped += 1
            }
        }
        return launches
    }

    /// Registers a prefetch load of `id` when its key is known, neither resident nor loading,
    /// and the prefetch limit allows; counts a drop when only the limit stands in the way.
    private mutating func startPrefetch(of id: ObjectID) -> LoadLaunch<Key>? {
        guard let key = interner.key(of: id), !entries.isResident(id), loads[id] == nil else { return nil }
        guard prefetchesInFlight < maxPrefetchesInFlight else {
            stats.prefetchesDropped += 1
            return nil
        }
        retired.remove(id)
        loads[id] = PendingLoad(isPrefetch: true, wasRequested: false)
        prefetchesInFlight += 1
        stats.prefetchesIssued += 1
        return LoadLaunch(id: id, key: key, isPrefetch: true)
    }
}
