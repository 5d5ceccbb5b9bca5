/// The learned eviction policy: S3-FIFO as its floor, a model choosing among main's oldest objects.
///
/// Admission is S3-FIFO's: newcomers go through the small FIFO, one-hit wonders are demoted
/// quickly to the ghost, and ghost hits go straight to main. When main must evict, its CLOCK's
/// victim and the next `candidates - 1` objects towards the head are scored by the model (the
/// predicted log time to the next request, or after the first online refit the predicted chance
/// of not being requested within twice the cache's size in requests), and the one most worth
/// evicting goes instead of the CLOCK's victim only when its score leads by a margin and the
/// `OverrideGuard` has seen such overrides pay on the requests already served. So an untrained or
/// bad model leaves the policy S3-FIFO, and a good one improves on it; the cost per eviction is
/// `candidates` scores of one logarithm each.
///
/// It keeps the request history its features come from, so it records every request it sees in
/// `access`. Objects inserted without a request (prefetches) age from their insertion.
package struct LearnedPolicy: CachePolicy {
    private var core: S3FIFOCore<ModelRanker>

    /// - Parameters:
    ///   - capacity: in objects or bytes, as the weights given to `insert`.
    ///   - model: the starting eviction model (`advisor train`'s), in use until the first refit.
    ///   - candidates: main's oldest objects compared per eviction.
    ///   - learnsOnline: whether the model is refitted periodically on the requests served.
    ///   - expectedIDs: room to reserve for per-object state.
    package init(
        capacity: Int, model: ReuseTimeModel = .recency, candidates: Int = 8, learnsOnline: Bool = true, expectedIDs: Int = 0
    ) {
        precondition(capacity > 0 && candidates > 0)
        core = S3FIFOCore(
            capacity: capacity, expectedIDs: expectedIDs,
            ranker: ModelRanker(model: model, candidates: candidates, learnsOnline: learnsOnline, expectedIDs: expectedIDs))
    }

    /// The model in use: the starting one, or the latest online refit.
    package var model: ReuseTimeModel {
        get { core.ranker.model }
        set { core.ranker.use(newValue) }
    }
    /// Candidates compared per eviction.
    package var candidates: Int { core.ranker.candidateCount }
    /// What the features are computed from.
    package var history: ObjectHistory { core.ranker.history }
    /// Online refits so far.
    package var refits: Int { core.ranker.refits }
    /// Evictions where the model overruled S3-FIFO.
    package var overrides: Int { core.ranker.overrides }

    /// When non-nil, every eviction candidate is appended as (id, now): the trainer's view of
    /// the decisions the policy faced.
    package var candidateLog: [(id: ObjectID, now: Int)]? {
        get { core.ranker.candidateLog }
        set { core.ranker.candidateLog = newValue }
    }

    package var capacity: Int { core.capacity }
    package var used: Int { core.used }
    package var residentCount: Int { core.residentCount }

    package func contains(_ id: ObjectID) -> Bool { core.contains(id) }

    package mutating func access(_ id: ObjectID, now: Int) -> Bool { core.access(id, now: now) }

    package mutating func insert(_ id: ObjectID, weight: Int, now: Int, evicted: (ObjectID) -> Void) -> Bool {
        core.insert(id, weight: weight, now: now, evicted: evicted)
    }

    package mutating func remove(_ id: ObjectID) { core.remove(id) }

    package mutating func forget(_ id: ObjectID) { core.forget(id) }
}
