extension Prefetcher: PrefetchAdvisor {
    /// Proposes the learned followers of `id` (and, with `nextAddress`, the next addresses of a
    /// sequential run), exactly as the replay's prefetching does.
    package mutating func suggest(
        after id: ObjectID, now: Int, history: ObjectHistory, isResident: (ObjectID) -> Bool, into candidates: inout [ObjectID]
    ) {
        observe(id, now: now, history: history, isResident: isResident) { candidates.append($0) }
    }
}
