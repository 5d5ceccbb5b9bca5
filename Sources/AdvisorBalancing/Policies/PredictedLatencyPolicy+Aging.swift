/// What the predicted balancer does with what it knows of a backend it has stopped trying.
///
/// The model scores a backend on its latency history, and the history moves only when the backend answers. A
/// backend that answered slowly once is avoided, so it never answers again and keeps its stale estimate: after
/// it has recovered its capacity goes unused (in `overload` the pool then saturates early). So while a backend has
/// nothing in flight, its history's part of the score ages toward the pool's typical one (the median over the pool)
/// (never the other way: a good backend left idle keeps its score) with the time constant peak-EWMA gives a slow answer (the tracker's `peakDecaySeconds`, Finagle's 10 s): the
/// longer it has been left alone, the more it looks like a typical backend, until it wins a request. That request
/// is the probe: while it is in flight the backend is scored on its own history again (so one probe at a time goes
/// out), and its answer replaces the aged estimate with a fresh one. A backend still slow goes back to being
/// avoided; one that recovered wins picks again. The cost is about one request per slow backend per few time
/// constants.
struct ScoreAging: Sendable {
    /// Seconds over which an idle backend's distance from the pool's history shrinks by a factor e.
    let timeConstant: Double
    /// Aged scores are re-taken this often (a fiftieth of the time constant), so they are at most 2 % stale and
    /// cost no work per decision.
    let sweepInterval: Double
    var nextSweep = -Double.infinity
    /// Reused buffer for the median.
    var scratch: [Double] = []

    init(timeConstant: Double) {
        self.timeConstant = timeConstant
        self.sweepInterval = timeConstant / 50
    }
}

extension PredictedLatencyPolicy {
    /// Ages the score of every idle backend that has answered before, toward the pool's median history.
    /// - Complexity: O(n log n), once per `sweepInterval` of the clock.
    mutating func ageIdleBackends(at time: Double) {
        aging.nextSweep = time + aging.sweepInterval
        aging.scratch.removeAll(keepingCapacity: true)
        for backend in pool.candidates { aging.scratch.append(historyScores[backend]) }
        guard !aging.scratch.isEmpty else { return }
        aging.scratch.sort()
        let middle = aging.scratch.count / 2
        let typical =
            aging.scratch.count % 2 == 1 ? aging.scratch[middle] : (aging.scratch[middle - 1] + aging.scratch[middle]) / 2
        for backend in pool.candidates where pool.features.inflight(backend) == 0 {
            guard let answered = pool.features.lastResponse(backend) else { continue }
            let keep = BackendFeatureTracker.decay(max(0, time - answered), timeConstant: aging.timeConstant)
            // Optimistic only: a backend better than typical keeps its own score. The queue part is zero: it is idle.
            let history = historyScores[backend]
            partialScores[backend] = min(history, typical + (history - typical) * keep)
        }
    }
}
