/// The learned policy's `TailRanker`: scores the oldest objects of S3-FIFO's small or main queue
/// with the eviction model and proposes the one least likely to be wanted, behind an
/// `OverrideGuard` per queue.
///
/// It keeps the request history its features come from (`ObjectHistory`, every request), the
/// model's score part fixed at each object's last request (so a candidate costs one logarithm),
/// and, when it learns online, an `OnlineEvictionLearner` whose refits replace the model.
package struct ModelRanker: TailRanker {
    package let candidateCount: Int
    /// What the features are computed from.
    package private(set) var history: ObjectHistory
    /// The model in use: the starting one until the first online refit.
    package private(set) var model: ReuseTimeModel
    /// Score lead the model's victim needs over the heuristic's before it counts as an override,
    /// in the model's unit: 1 for a log-time model (a factor e), 0.1 for a refitted
    /// probability of not being requested within the horizon.
    private var margin: Double
    /// When non-nil, every candidate is appended as (id, now): the trainer's view of the
    /// decisions the policy faced.
    package var candidateLog: [(id: ObjectID, now: Int)]?

    private var learner: OnlineEvictionLearner?
    /// Judge the model's overrides in S3-FIFO's small queue and in its main queue apart: the
    /// decisions differ (newcomers against long-time residents), and so may the model's skill.
    private var guards = (small: OverrideGuard(), main: OverrideGuard())
    private var decisions = 0

    /// Per object: the model's fixed score part, the model version it was computed with (stale
    /// when it differs), the last request (or insertion) and the weight last stored.
    private struct Slot {
        var fixedScore = 0.0
        var version: UInt32 = .max
        var weight: UInt32 = 1
        var lastTouch = 0
    }
    private var slots: [Slot] = []
    private var version: UInt32 = 0

    /// Refits carried out so far.
    package var refits: Int { learner?.refits ?? 0 }
    /// Overrides of the heuristic carried out so far.
    package var overrides: Int { guards.small.overrides + guards.main.overrides }

    package init(model: ReuseTimeModel, candidates: Int, learnsOnline: Bool, expectedIDs: Int) {
        candidateCount = candidates
        self.model = model
        margin = 1
        history = ObjectHistory(expectedObjects: expectedIDs)
        learner = learnsOnline ? OnlineEvictionLearner() : nil
        if expectedIDs > 0 { grow(to: expectedIDs) }
    }

    /// Replaces the model (a log-time model such as `advisor train` writes).
    package mutating func use(_ model: ReuseTimeModel) {
        self.model = model
        margin = 1
        version &+= 1
    }

    package mutating func requested(_ id: ObjectID, now: Int) {
        let index = Int(id)
        if index >= slots.count { grow(to: index + 1) }
        history.record(id, now: now, size: slots[index].weight)
        slots[index].lastTouch = now
        slots[index].version = .max
        guards.small.resolve(now: now, history: history)
        guards.main.resolve(now: now, history: history)
        if let refitted = learner?.resolve(now: now, history: history) {
            model = refitted
            margin = 0.1
            version &+= 1
        }
    }

    package mutating func inserted(_ id: ObjectID, weight: Int, now: Int) {
        let index = Int(id)
        if index >= slots.count { grow(to: index + 1) }
        slots[index].weight = UInt32(clamping: weight)
        history.noteSize(id, slots[index].weight)
        // A prefetched object never requested ages from its insertion.
        if !history.hasHistory(id) { slots[index].lastTouch = now }
    }

    package mutating func choose(among candidates: UnsafeBufferPointer<ObjectID>, now: Int, residents: Int, fromMain: Bool) -> Int {
        if candidateLog != nil { for id in candidates { candidateLog!.append((id, now)) } }
        let horizonEnd = now + max(16, 2 * residents)
        decisions += 1
        // One row per decision, rotating through the candidate positions, so the rows cover the
        // decisions the model faces without holding more pending rows than a horizon needs.
        if learner != nil { learner!.offer(candidates[decisions % candidates.count], now: now, horizonEnd: horizonEnd, history: history) }
        var best = 0
        var bestScore = -Double.infinity
        var heuristicScore = 0.0
        for (position, id) in candidates.enumerated() {
            let score = self.score(id, now: now)
            if position == 0 { heuristicScore = score }
            if score > bestScore {
                bestScore = score
                best = position
            }
        }
        guard best != 0, bestScore - heuristicScore > margin else { return 0 }
        let allowed = fromMain ? guards.main.allowsOverrides : guards.small.allowsOverrides
        if fromMain {
            guards.main.record(
                heuristicVictim: candidates[0], victim: candidates[best], now: now, horizonEnd: horizonEnd, carriedOut: allowed)
        } else {
            guards.small.record(
                heuristicVictim: candidates[0], victim: candidates[best], now: now, horizonEnd: horizonEnd, carriedOut: allowed)
        }
        return allowed ? best : 0
    }

    package mutating func forgot(_ id: ObjectID) {
        history.forget(id)
        if Int(id) < slots.count { slots[Int(id)] = Slot() }
    }

    /// The model's score of `id` at `now`, computing its fixed part if it is stale.
    private mutating func score(_ id: ObjectID, now: Int) -> Double {
        let index = Int(id)
        if slots[index].version != version {
            slots[index].fixedScore = model.fixedPart(of: id, in: history)
            slots[index].version = version
        }
        return model.score(fixed: slots[index].fixedScore, age: now - slots[index].lastTouch)
    }

    private mutating func grow(to count: Int) {
        let target = Swift.max(count, slots.count * 2)
        slots.append(contentsOf: repeatElement(Slot(), count: target - slots.count))
    }
}
