extension CacheReplay {
    /// A policy to replay, named by value so the replay builds it here, where the generic replay
    /// loop is specialised for its concrete type (a generic call from another module would not be).
    package enum PolicySpec: Sendable {
        /// A heuristic baseline; Belady's MIN reads the trace's `NextAccess` array.
        case baseline(BaselinePolicy, nextAccess: [Int32]?)
        /// `LearnedPolicy` with a starting eviction model, refitted online unless `learnsOnline` is false.
        case learned(ReuseTimeModel, candidates: Int, learnsOnline: Bool)
    }

    /// Builds the policy at `capacity` and replays `requests`, counting from `countedFrom`.
    /// - Parameter extras: prefetching and TTLs, nil for plain eviction; on return, its
    ///   prefetcher is the one the run trained online.
    /// - Throws: `CacheConfigurationError` when the baseline cannot be built as asked.
    package func simulate(
        _ spec: PolicySpec, capacity: Int, requests: Range<Int>, countedFrom: Int, extras: inout Extras?
    ) throws(CacheConfigurationError) -> CacheTally {
        let expectedIDs = ids.isEmpty ? 0 : Int(ids.max()!) + 1
        let driver = Driver(replay: self, requests: requests, countedFrom: countedFrom, extras: extras)
        let (tally, prefetcher): (CacheTally, Prefetcher?)
        switch spec {
        case .baseline(let baseline, let nextAccess):
            (tally, prefetcher) = try baseline.withPolicy(capacity: capacity, expectedIDs: expectedIDs, nextAccess: nextAccess, driver)
        case .learned(let model, let candidates, let learnsOnline):
            var policy = LearnedPolicy(
                capacity: capacity, model: model, candidates: candidates, learnsOnline: learnsOnline, expectedIDs: expectedIDs)
            (tally, prefetcher) = driver.visit(&policy)
        }
        if extras?.prefetcher != nil { extras?.prefetcher = prefetcher }
        return tally
    }

    /// Runs the replay on whichever concrete policy it is given.
    private struct Driver: CachePolicyVisitor {
        let replay: CacheReplay
        let requests: Range<Int>
        let countedFrom: Int
        let extras: Extras?

        func visit<Policy: CachePolicy>(_ policy: inout Policy) -> (CacheTally, Prefetcher?) {
            replay.run(policy, requests: requests, countedFrom: countedFrom, extras: extras)
        }
    }
}
