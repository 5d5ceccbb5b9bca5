extension CacheReplay {
    /// A policy to replay, named by value so the replay builds it here, where the generic replay
    /// loop is specialised for its concrete type (a generic call from another module would not be).
    public enum PolicySpec: Sendable {
        /// A heuristic baseline; Belady's MIN reads the trace's `NextAccess` array.
        case baseline(BaselinePolicy, nextAccess: [Int32]?)
        /// `LearnedPolicy` with an eviction model.
        case learned(ReuseTimeModel, candidates: Int, seed: UInt64)
    }

    /// Builds the policy at `capacity` and replays `requests`, counting from `countedFrom`.
    /// - Parameter extras: prefetching and TTLs; nil for plain eviction.
    /// - Throws: `PolicyConfigurationError` when the baseline cannot be built as asked.
    public func simulate(
        _ spec: PolicySpec, capacity: Int, requests: Range<Int>, countedFrom: Int, extras: inout Extras?
    ) throws(PolicyConfigurationError) -> CacheTally {
        let expectedIDs = ids.isEmpty ? 0 : Int(ids.max()!) + 1
        switch spec {
        case .baseline(let baseline, let nextAccess):
            let driver = Driver(replay: self, requests: requests, countedFrom: countedFrom, extras: extras)
            let (tally, finalExtras) = try baseline.withPolicy(capacity: capacity, expectedIDs: expectedIDs, nextAccess: nextAccess, driver)
            extras = finalExtras
            return tally
        case .learned(let model, let candidates, let seed):
            var policy = LearnedPolicy(capacity: capacity, model: model, candidates: candidates, seed: seed, expectedIDs: expectedIDs)
            let (tally, finalExtras) = Driver(replay: self, requests: requests, countedFrom: countedFrom, extras: extras).visit(&policy)
            extras = finalExtras
            return tally
        }
    }

    /// Runs the plain or the extras loop on whichever concrete policy it is given.
    private struct Driver: CachePolicyVisitor {
        let replay: CacheReplay
        let requests: Range<Int>
        let countedFrom: Int
        let extras: Extras?

        func visit<Policy: CachePolicy>(_ policy: inout Policy) -> (CacheTally, Extras?) {
            guard var extras else { return (replay.run(&policy, requests: requests, countedFrom: countedFrom), nil) }
            let tally = replay.run(&policy, requests: requests, countedFrom: countedFrom, extras: &extras)
            return (tally, extras)
        }
    }
}
