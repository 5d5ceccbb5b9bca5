/// Evicts the object predicted to be requested furthest in the future, among a few sampled
/// candidates (LRB's idea at a bounded cost: `candidates` scores per eviction, one log each).
///
/// It keeps the request history its features come from, so it records every request it sees in
/// `access`. Objects inserted without a request (prefetches) age from their insertion.
public struct LearnedPolicy: CachePolicy {
    public let capacity: Int
    public private(set) var used = 0
    /// The model in use; `ReuseTimeModel.recency` until one is trained.
    public var model: ReuseTimeModel {
        didSet { rescoreResidents() }
    }
    /// Candidates compared per eviction.
    public let candidates: Int
    /// What the features are computed from.
    public private(set) var history: ObjectHistory

    /// When non-nil, every sampled eviction candidate is appended as (id, now): the trainer's
    /// view of the decisions the policy faced.
    public var candidateLog: [(id: ObjectID, now: Int)]?

    private var residents: [ObjectID] = []
    /// Index in `residents`, or -1.
    private var position: [Int32] = []
    private var weight: [UInt32] = []
    private var fixedScore: [Double] = []
    /// Last request, or insertion for an object not requested since.
    private var lastTouch: [Int] = []
    private var random: SplitMix64

    /// - Parameters:
    ///   - capacity: in objects or bytes, as the weights given to `insert`.
    ///   - model: the eviction model.
    ///   - candidates: objects sampled per eviction (LRB uses 64; 8 keeps a replay fast).
    ///   - seed: the sampling generator's seed, so a replay is reproducible.
    ///   - expectedIDs: room to reserve for per-object state.
    public init(capacity: Int, model: ReuseTimeModel = .recency, candidates: Int = 8, seed: UInt64 = 1, expectedIDs: Int = 0) {
        precondition(capacity > 0 && candidates > 0)
        self.capacity = capacity
        self.model = model
        self.candidates = candidates
        self.random = SplitMix64(seed: seed)
        self.history = ObjectHistory(expectedObjects: expectedIDs)
        if expectedIDs > 0 { grow(to: expectedIDs) }
    }

    public var residentCount: Int { residents.count }

    public func contains(_ id: ObjectID) -> Bool {
        Int(id) < position.count && position[Int(id)] >= 0
    }

    public mutating func access(_ id: ObjectID, now: Int) -> Bool {
        let index = Int(id)
        if index >= position.count { grow(to: index + 1) }
        history.record(id, now: now, size: weight[index], isWrite: false)
        lastTouch[index] = now
        guard position[index] >= 0 else { return false }
        fixedScore[index] = model.fixedPart(of: id, in: history)
        return true
    }

    public mutating func insert(_ id: ObjectID, weight newWeight: Int, now: Int, evicted: (ObjectID) -> Void) -> Bool {
        guard newWeight <= capacity else { return false }
        let index = Int(id)
        if index >= position.count { grow(to: index + 1) }
        while used + newWeight > capacity { evicted(evictOne(now: now)) }
        weight[index] = UInt32(clamping: newWeight)
        history.noteSize(id, weight[index])
        if !history.hasHistory(id) { lastTouch[index] = now }
        fixedScore[index] = model.fixedPart(of: id, in: history)
        position[index] = Int32(residents.count)
        residents.append(id)
        used += newWeight
        return true
    }

    public mutating func remove(_ id: ObjectID) {
        guard contains(id) else { return }
        detach(id)
    }

    public mutating func forget(_ id: ObjectID) {
        remove(id)
        history.forget(id)
    }

    /// Samples `candidates` residents and evicts the one with the highest predicted log time to
    /// its next request.
    private mutating func evictOne(now: Int) -> ObjectID {
        var victim = residents[0]
        var worst = -Double.infinity
        let count = UInt64(residents.count)
        for _ in 0..<min(candidates, residents.count) {
            let id = residents[Int(random.next() % count)]
            candidateLog?.append((id, now))
            let score = model.score(fixed: fixedScore[Int(id)], age: now - lastTouch[Int(id)])
            if score > worst {
                worst = score
                victim = id
            }
        }
        detach(victim)
        return victim
    }

    private mutating func detach(_ id: ObjectID) {
        let slot = Int(position[Int(id)])
        let last = residents.removeLast()
        if last != id {
            residents[slot] = last
            position[Int(last)] = Int32(slot)
        }
        position[Int(id)] = -1
        used -= Int(weight[Int(id)])
    }

    private mutating func rescoreResidents() {
        for id in residents { fixedScore[Int(id)] = model.fixedPart(of: id, in: history) }
    }

    private mutating func grow(to count: Int) {
        let target = Swift.max(count, position.count * 2)
        let extra = target - position.count
        position.append(contentsOf: repeatElement(-1, count: extra))
        weight.append(contentsOf: repeatElement(1, count: extra))
        fixedScore.append(contentsOf: repeatElement(0, count: extra))
        lastTouch.append(contentsOf: repeatElement(0, count: extra))
    }
}
