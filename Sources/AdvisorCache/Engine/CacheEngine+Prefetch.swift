extension CacheEngine {
    /// Asks the advisor what to load after the request for `id` at `requestTime` and starts
    /// what the limit allows.
    /// - Returns: the prefetch loads to start (empty, and not allocated, when there is no
    ///   advisor or nothing to start).
    @inlinable
    mutating func suggestPrefetches(after id: ObjectID, requestTime: Int) -> [LoadLaunch<Keys.Key>] {
        // Taken out while it runs, so that its `isResident` closure may read the slots.
        guard var advisor = advisor.take() else { return [] }
        var candidates = suggestionScratch
        suggestionScratch = []
        candidates.removeAll(keepingCapacity: true)
        advisor.suggest(after: id, now: requestTime, history: history, isResident: { slots.isResident($0) }, into: &candidates)
        self.advisor = advisor
        var launches: [LoadLaunch<Keys.Key>] = []
        for candidate in candidates {
            if let launch = startPrefetch(of: candidate) { launches.append(launch) }
        }
        suggestionScratch = candidates
        return launches
    }

    /// Starts prefetching `keys`: those neither resident nor loading, while the limit allows.
    /// - Returns: the prefetch loads to start.
    package mutating func prefetch(_ keys: [Keys.Key]) -> [LoadLaunch<Keys.Key>] {
        var launches: [LoadLaunch<Keys.Key>] = []
        for key in keys {
            if let id = self.keys.id(of: key) {
                if let launch = startPrefetch(of: id) { launches.append(launch) }
            } else if prefetchesInFlight < maxPrefetchesInFlight {
                // Interned only once it is sure to load, so a dropped key leaves no id behind.
                if let launch = startPrefetch(of: intern(key)) { launches.append(launch) }
            } else {
                stats.count(.prefetchesDropped)
            }
        }
        return launches
    }

    /// Registers a prefetch load of `id` when its key is known, neither resident nor loading,
    /// and the prefetch limit allows; counts a drop when only the limit stands in the way.
    @inlinable
    mutating func startPrefetch(of id: ObjectID) -> LoadLaunch<Keys.Key>? {
        guard let key = keys.key(of: id), !slots.isResident(id), !slots.isLoading(id) else { return nil }
        guard prefetchesInFlight < maxPrefetchesInFlight else {
            stats.count(.prefetchesDropped)
            return nil
        }
        if keys.recyclesIDs { retired.remove(id) }
        stats.count(.prefetchesIssued)
        return LoadLaunch(ticket: markLoading(id, isPrefetch: true, requested: false), key: key)
    }
}
