import AdvisorSupport

/// Evicts the object predicted to be requested furthest in the future, among a few sampled
/// candidates (LRB's idea at a bounded cost: `candidates` scores per eviction, one log each).
///
/// It keeps the request history its features come from, so it records every request it sees in
/// `access`. Objects inserted without a request (prefetches) age from their insertion.
package struct LearnedPolicy: CachePolicy {
    package let capacity: Int
    package private(set) var used = 0
    /// The model in use; `ReuseTimeModel.recency` until one is trained.
    package var model: ReuseTimeModel {
        didSet { markScoresStale() }
    }
    /// Candidates compared per eviction.
    package let candidates: Int
    /// What the features are computed from.
    package private(set) var history: ObjectHistory

    /// When non-nil, every sampled eviction candidate is appended as (id, now): the trainer's
    /// view of the decisions the policy faced.
    package var candidateLog: [(id: ObjectID, now: Int)]?

    /// Per-object state in one array, so a request touches one cache line of it.
    private struct Slot {
        /// Index in `residents`, or -1.
        var position: Int32 = -1
        var weight: UInt32 = 1
        /// The score's part fixed at the last request (`ReuseTimeModel.fixedPart`), computed when
        /// the object is first sampled after that request: a hit only marks it stale.
        var fixedScore = 0.0
        var fixedScoreIsStale = true
        /// Last request, or insertion for an object not requested since.
        var lastTouch = 0
    }

    private var residents: [ObjectID] = []
    private var slots: [Slot] = []
    private var random: SeededGenerator

    /// - Parameters:
    ///   - capacity: in objects or bytes, as the weights given to `insert`.
    ///   - model: the eviction model.
    ///   - candidates: objects sampled per eviction (LRB uses 64; 8 keeps a replay fast).
    ///   - seed: the sampling generator's seed, so a replay is reproducible.
    ///   - expectedIDs: room to reserve for per-object state.
    package init(capacity: Int, model: ReuseTimeModel = .recency, candidates: Int = 8, seed: UInt64 = 1, expectedIDs: Int = 0) {
        precondition(capacity > 0 && candidates > 0)
        self.capacity = capacity
        self.model = model
        self.candidates = candidates
        self.random = SeededGenerator(seed: seed)
        self.history = ObjectHistory(expectedObjects: expectedIDs)
        if expectedIDs > 0 { grow(to: expectedIDs) }
    }

    package var residentCount: Int { residents.count }

    package func contains(_ id: ObjectID) -> Bool {
        Int(id) < slots.count && slots[Int(id)].position >= 0
    }

    package mutating func access(_ id: ObjectID, now: Int) -> Bool {
        let index = Int(id)
        if index >= slots.count { grow(to: index + 1) }
        history.record(id, now: now, size: slots[index].weight)
        slots[index].lastTouch = now
        guard slots[index].position >= 0 else { return false }
        slots[index].fixedScoreIsStale = true
        return true
    }

    package mutating func insert(_ id: ObjectID, weight newWeight: Int, now: Int, evicted: (ObjectID) -> Void) -> Bool {
        guard newWeight <= capacity else { return false }
        let index = Int(id)
        if index >= slots.count { grow(to: index + 1) }
        while used + newWeight > capacity { evicted(evictOne(now: now)) }
        slots[index].weight = UInt32(clamping: newWeight)
        history.noteSize(id, slots[index].weight)
        if !history.hasHistory(id) { slots[index].lastTouch = now }
        slots[index].fixedScoreIsStale = true
        slots[index].position = Int32(residents.count)
        residents.append(id)
        used += newWeight
        return true
    }

    package mutating func remove(_ id: ObjectID) {
        guard contains(id) else { return }
        detach(id)
    }

    package mutating func forget(_ id: ObjectID) {
        remove(id)
        history.forget(id)
    }

    /// Samples `candidates` residents and evicts the one with the highest predicted log time to
    /// its next request.
    private mutating func evictOne(now: Int) -> ObjectID {
        let count = UInt64(residents.count)
        let draws = min(candidates, residents.count)
        var victim = residents[0]
        var worst = -Double.infinity
        var random = self.random
        let model = self.model
        let history = self.history
        // The hot loop of every eviction: no bounds checks or uniqueness checks. The fixed part
        // is the same whether computed at the request or now: only a request changes it.
        residents.withUnsafeBufferPointer { residents in
            slots.withUnsafeMutableBufferPointer { slots in
                for _ in 0..<draws {
                    // Lemire's multiply-shift maps 32 random bits onto 0..<count without a division.
                    let id = residents[Int(((random.next() >> 32) &* count) >> 32)]
                    if slots[Int(id)].fixedScoreIsStale {
                        slots[Int(id)].fixedScore = model.fixedPart(of: id, in: history)
                        slots[Int(id)].fixedScoreIsStale = false
                    }
                    let slot = slots[Int(id)]
                    let score = model.score(fixed: slot.fixedScore, age: now - slot.lastTouch)
                    if score > worst {
                        worst = score
                        victim = id
                    }
                }
            }
        }
        if candidateLog != nil {
            // Replays the same draws to log them; only the trainer sets a log.
            var again = self.random
            for _ in 0..<draws { candidateLog!.append((residents[Int(((again.next() >> 32) &* count) >> 32)], now)) }
        }
        self.random = random
        detach(victim)
        return victim
    }

    private mutating func detach(_ id: ObjectID) {
        let place = Int(slots[Int(id)].position)
        let last = residents.removeLast()
        if last != id {
            residents[place] = last
            slots[Int(last)].position = Int32(place)
        }
        slots[Int(id)].position = -1
        used -= Int(slots[Int(id)].weight)
    }

    private mutating func markScoresStale() {
        for id in residents { slots[Int(id)].fixedScoreIsStale = true }
    }

    private mutating func grow(to count: Int) {
        let target = Swift.max(count, slots.count * 2)
        slots.append(contentsOf: repeatElement(Slot(), count: target - slots.count))
    }
}
