/// Decides, from outcomes the trace has already shown, whether the model may overrule the
/// heuristic's eviction choice: so that a bad or untrained model degrades to the heuristic.
///
/// Every time the model would evict another candidate than the heuristic's victim, the pair is
/// remembered, whether or not the override is carried out. Once the horizon has passed it is
/// judged as the misses it changes: the model's victim requested again within the horizon is a
/// miss the override caused; the heuristic's victim requested again is a miss it saved, counted
/// once per kept object (a kept object stays at the tail and may be kept again and again, each
/// time at the cost of another victim). Overrides are allowed while the recent saved misses
/// clearly outnumber the caused ones; since would-be overrides are judged too, a model that
/// improves is let back in.
struct OverrideGuard {
    /// Pairs waiting for their verdict at most; more are not judged until some resolve.
    static let maxPending = 1 << 14
    /// Weight of an old verdict halves after about this many newer ones.
    static let memory = 1_024.0
    /// Verdicts (decayed) needed before any override.
    static let minimumEvidence = 64.0
    /// Right calls must exceed wrong ones by this factor.
    static let required = 1.1

    private var kept: [ObjectID]
    /// Whether the pair is the first in a row to keep its object (only then does it count a saved miss).
    private var keepsAnew: [Bool]
    private var victims: [ObjectID]
    private var lastKept = ObjectID.max
    private var times: [Int]
    private var ends: [Int]
    private var first = 0
    private var pendingCount = 0

    private var right = 0.0
    private var wrong = 0.0

    /// Overrides carried out.
    private(set) var overrides = 0

    init() {
        kept = [ObjectID](repeating: 0, count: Self.maxPending)
        keepsAnew = [Bool](repeating: false, count: Self.maxPending)
        victims = kept
        times = [Int](repeating: 0, count: Self.maxPending)
        ends = times
    }

    /// Whether the model's choice may replace the heuristic's now.
    var allowsOverrides: Bool {
        right + wrong >= Self.minimumEvidence && right > Self.required * wrong
    }

    /// Remembers that the model preferred evicting `victim` over the heuristic's `heuristicVictim`
    /// at `now`; `carriedOut` when the policy followed the model.
    mutating func record(heuristicVictim: ObjectID, victim: ObjectID, now: Int, horizonEnd: Int, carriedOut: Bool) {
        if carriedOut { overrides += 1 }
        guard pendingCount < Self.maxPending else { return }
        let slot = (first + pendingCount) % Self.maxPending
        kept[slot] = heuristicVictim
        keepsAnew[slot] = heuristicVictim != lastKept
        lastKept = heuristicVictim
        victims[slot] = victim
        times[slot] = now
        ends[slot] = horizonEnd
        pendingCount += 1
    }

    /// Judges every pair whose horizon has passed by `now`: a test inlined into every request, the judging out of line.
    @inline(__always)
    mutating func resolve(now: Int, history: ObjectHistory) {
        if pendingCount > 0, ends[first] <= now { judgeDue(now: now, history: history) }
    }

    private mutating func judgeDue(now: Int, history: ObjectHistory) {
        while pendingCount > 0, ends[first] <= now {
            let saved = keepsAnew[first] && history.lastAccess(kept[first]) > times[first]
            let caused = history.lastAccess(victims[first]) > times[first]
            if saved || caused {
                let decay = 1 - 1 / Self.memory
                right *= decay
                wrong *= decay
            }
            if saved { right += 1 }
            if caused { wrong += 1 }
            first = (first + 1) % Self.maxPending
            pendingCount -= 1
        }
    }
}
