extension PredictiveCacheState {
    /// Checks the bookkeeping of every id against the policy core (tests call it while other
    /// tasks hammer the cache).
    /// - Complexity: O(n) in the number of ids ever handed out at once.
    /// - Returns: one line per broken invariant; empty when all hold.
    func invariantViolations() -> [String] {
        var problems: [String] = []
        if policy.used > policy.capacity { problems.append("policy holds \(policy.used) over capacity \(policy.capacity)") }
        if entries.count != policy.residentCount { problems.append("\(entries.count) entries, policy holds \(policy.residentCount)") }
        if entries.totalWeight != policy.used { problems.append("entries weigh \(entries.totalWeight), policy counts \(policy.used)") }
        if retired.count > retiredLimit { problems.append("\(retired.count) retired ids over the limit \(retiredLimit)") }
        let prefetching = loads.values.count { $0.isPrefetch }
        if prefetching != prefetchesInFlight { problems.append("\(prefetching) prefetch loads, \(prefetchesInFlight) counted") }
        for index in 0..<max(interner.idSpan, entries.span) {
            let id = ObjectID(index)
            let isResident = entries.isResident(id)
            let isLoading = loads[id] != nil
            let isRetired = retired.contains(id)
            if interner.key(of: id) == nil {
                if isResident || isLoading || isRetired { problems.append("id \(id) is in use without a key") }
                continue
            }
            if isResident != policy.contains(id) { problems.append("id \(id): resident \(isResident), in policy \(policy.contains(id))") }
            if isRetired, isResident || isLoading { problems.append("id \(id) is retired while resident or loading") }
            if !isRetired, !isResident, !isLoading { problems.append("id \(id) is neither resident, loading nor retired") }
        }
        return problems
    }
}
