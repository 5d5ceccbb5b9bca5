extension CacheEngine {
    /// Checks the bookkeeping of every id against the policy core (tests call it while other
    /// tasks hammer the cache).
    /// - Complexity: O(n) in the number of ids ever handed out at once.
    /// - Returns: one line per broken invariant; empty when all hold.
    package func invariantViolations() -> [String] {
        var problems: [String] = []
        if policy.used > policy.capacity { problems.append("policy holds \(policy.used) over capacity \(policy.capacity)") }
        if slots.count != policy.residentCount { problems.append("\(slots.count) entries, policy holds \(policy.residentCount)") }
        if slots.totalWeight != policy.used { problems.append("entries weigh \(slots.totalWeight), policy counts \(policy.used)") }
        if retired.count > retiredLimit { problems.append("\(retired.count) retired ids over the limit \(retiredLimit)") }
        var loading = 0
        var prefetching = 0
        for index in 0..<max(keys.idSpan, slots.span) {
            let id = ObjectID(index)
            let isResident = slots.isResident(id)
            let isLoading = slots.isLoading(id)
            if isLoading { loading += 1 }
            if isLoading, slots.slots[index].flags.contains(.prefetchLoad) { prefetching += 1 }
            let isRetired = retired.contains(id)
            if keys.key(of: id) == nil {
                if isResident || isLoading || isRetired { problems.append("id \(id) is in use without a key") }
                continue
            }
            if isResident != policy.contains(id) { problems.append("id \(id): resident \(isResident), in policy \(policy.contains(id))") }
            guard keys.recyclesIDs else { continue }
            if isRetired, isResident || isLoading { problems.append("id \(id) is retired while resident or loading") }
            if !isRetired, !isResident, !isLoading { problems.append("id \(id) is neither resident, loading nor retired") }
        }
        if loading != stats.loadsInFlight { problems.append("\(loading) loads in flight, \(stats.loadsInFlight) counted") }
        if prefetching != prefetchesInFlight { problems.append("\(prefetching) prefetch loads, \(prefetchesInFlight) counted") }
        return problems
    }

    /// Number of id slots in use: what recycling bounds.
    package var idSpan: Int { keys.idSpan }
}
