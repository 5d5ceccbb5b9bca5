import AdvisorLearning

/// Refits the learned policy's eviction model on the trace it is serving, from labels that only
/// the past has settled.
///
/// At an eviction decision the policy offers a candidate's features; the row waits until its
/// horizon (twice the cache's resident objects, in requests) has passed, and is then labelled 1 if
/// the object was not requested within it (safe to evict) and 0 if it was. Labelled rows stream
/// into Gram statistics (`GramAccumulator`), and every `refitInterval` labelled rows a ridge fit
/// over the latest one or two windows of rows gives a new linear model over `ObjectHistory`'s
/// features: the predicted chance that the object is not requested within the horizon, so higher
/// still means "evict first", as with `ReuseTimeModel`'s predicted log time. A replay therefore
/// never trains on its future, and a live cache adapts to its own traffic.
struct OnlineEvictionLearner {
    /// Labelled rows between refits.
    static let refitInterval = 4_096
    /// Labelled rows per Gram window; a fit uses the current window and the one before it.
    static let windowRows = 65_536
    /// Rows waiting for their label at most; offers beyond it are dropped until rows resolve.
    static let maxPending = 1 << 15
    /// Ridge penalty on the standardized features (tiny against thousands of rows: it only
    /// keeps the solve well posed when a feature barely varies).
    static let alpha = 1.0

    private static let features = ObjectHistory.featureCount

    /// The pending rows, a ring: object, decision time, horizon end, and features (row-major).
    private var pendingIDs: [ObjectID]
    private var pendingTimes: [Int]
    private var pendingEnds: [Int]
    private var pendingFeatures: [Double]
    private var first = 0
    private var pendingCount = 0

    /// Labelled rows not yet added to the Gram statistics: features then label.
    private var batch: [Double] = []
    private var batchRows = 0
    private static let batchLimit = 256

    private var current: GramAccumulator?
    private var previous: GramAccumulator?
    private var labelledSinceFit = 0

    /// Models fitted so far.
    private(set) var refits = 0

    init() {
        pendingIDs = [ObjectID](repeating: 0, count: Self.maxPending)
        pendingTimes = [Int](repeating: 0, count: Self.maxPending)
        pendingEnds = [Int](repeating: 0, count: Self.maxPending)
        pendingFeatures = [Double](repeating: 0, count: Self.maxPending * Self.features)
        batch = [Double](repeating: 0, count: Self.batchLimit * (Self.features + 1))
    }

    /// Queues `id`'s features as they are at `now`, to be labelled once `horizonEnd` has passed.
    mutating func offer(_ id: ObjectID, now: Int, horizonEnd: Int, history: ObjectHistory) {
        guard pendingCount < Self.maxPending else { return }
        let slot = (first + pendingCount) % Self.maxPending
        pendingIDs[slot] = id
        pendingTimes[slot] = now
        pendingEnds[slot] = horizonEnd
        pendingFeatures.withUnsafeMutableBufferPointer { all in
            history.features(of: id, at: now, into: UnsafeMutableBufferPointer(rebasing: all[(slot * Self.features)...]))
        }
        pendingCount += 1
    }

    /// Labels every pending row whose horizon has passed by `now`; returns a refitted model when
    /// enough new rows have been labelled (nil otherwise, or when the fit fails). With no row due nothing
    /// was labelled since the last call, which then refitted or was short of rows: a test inlined into
    /// every request, the labelling out of line.
    @inline(__always)
    mutating func resolve(now: Int, history: ObjectHistory) -> ReuseTimeModel? {
        guard pendingCount > 0, pendingEnds[first] <= now else { return nil }
        return labelDue(now: now, history: history)
    }

    private mutating func labelDue(now: Int, history: ObjectHistory) -> ReuseTimeModel? {
        while pendingCount > 0, pendingEnds[first] <= now {
            let requestedAgain = history.lastAccess(pendingIDs[first]) > pendingTimes[first]
            let row = batchRows * (Self.features + 1)
            for column in 0..<Self.features { batch[row + column] = pendingFeatures[first * Self.features + column] }
            batch[row + Self.features] = requestedAgain ? 0 : 1
            batchRows += 1
            labelledSinceFit += 1
            if batchRows == Self.batchLimit { flush() }
            first = (first + 1) % Self.maxPending
            pendingCount -= 1
        }
        guard labelledSinceFit >= Self.refitInterval else { return nil }
        labelledSinceFit = 0
        return refit()
    }

    /// Adds the batch to the current window, starting a new window when it is full.
    private mutating func flush() {
        guard batchRows > 0 else { return }
        if current == nil { current = GramAccumulator(shift: Array(batch[0...Self.features])) }
        batch.withUnsafeBufferPointer { rows in current!.add(rows: rows, count: batchRows, stride: Self.features + 1) }
        batchRows = 0
        if current!.rowCount >= Self.windowRows {
            previous = current
            current = GramAccumulator(shift: current!.shift)
        }
    }

    /// Ridge over the latest windows; nil until both labels occur or when the solve fails.
    private mutating func refit() -> ReuseTimeModel? {
        flush()
        guard let statistics = GramAccumulator.merged([previous, current].compactMap { $0 }) else { return nil }
        let moments = statistics.moments()
        let share = moments.mean[Self.features]
        guard moments.rowCount >= 1_024, share > 0, share < 1 else { return nil }
        guard let fit = try? RidgeRegression.fit(moments, alpha: Self.alpha) else { return nil }
        refits += 1
        return ReuseTimeModel(weights: fit.rawCoefficients, bias: fit.rawIntercept)
    }
}
