import AdvisorBalancing
import HeapModule

/// The client's control around the balancer: the limiter's permits and the hedge planner's backups.
extension ClusterSimulation {
    /// Asks the client's limiter, if any, to admit `request`, bound for `backend`.
    @inline(__always)
    mutating func admit(_ request: Int, to backend: Int, at now: Double, _ features: BackendFeatureTracker) -> Bool {
        let decision: LimiterDecision
        if control.limiter != nil {
            decision = control.limiter!.acquire(at: now)
        } else if !control.predictedLimiters.isEmpty {
            let (predicted, idle) = control.limitModel!.latencies(of: backend, features: features, at: now)
            decision = control.predictedLimiters[backend].acquire(predictedLatency: predicted, idleLatency: idle, at: now)
        } else {
            return true
        }
        guard case .admitted(let permit) = decision else { return false }
        permits[request] = permit
        return true
    }

    /// Hands the request's permit back to the limiter, if it holds one.
    @inline(__always)
    mutating func release(_ request: Int, answered: Bool, at time: Double) {
        if !permits.isEmpty { returnPermit(request, answered: answered, at: time) }
    }

    // The client's control (permits and backups) is kept out of the event loop's inlined code: the optimizer hoists the
    // uniqueness check of every array the loop writes to the loop's entry, and those arrays are empty (so never unique,
    // so copied every time) when the control is off.

    @inline(never)
    private mutating func returnPermit(_ request: Int, answered: Bool, at time: Double) {
        guard let permit = permits[request] else { return }
        permits[request] = nil
        if control.limiter != nil {
            control.limiter!.release(permit, outcome: answered ? .succeeded : .timedOut, at: time)
        } else {
            control.predictedLimiters[Int(copyBackend[request])].release(permit)
        }
    }

    /// Schedules the backup of `request`, sent to `backend` at `now`, for `delay` (ms) later unless its first copy is known to
    /// answer by then or the deadline comes first.
    /// - Parameter answer: when the first copy answers, nil while it waits for a slot (see `send`).
    @inline(never)
    mutating func scheduleBackup(
        _ request: Int, from backend: Int, at now: Double, after delay: Double, answer: Double?, _ events: inout Heap<Event>
    ) {
        let due = now + delay / 1000
        // Whether or not the delay lies past the deadline, the calibrator must hear of a first copy answering by it, or a
        // correction that once grew past the timeout would never come back.
        hedgeDue[request] = due
        if let answer, answer <= due { return }
        guard due < now + timeout else { return }
        events.insert(
            Event(
                time: due, request: Int32(truncatingIfNeeded: request), backend: Int32(truncatingIfNeeded: backend), kind: .hedge,
                backup: false,
                service: 0))
    }

    /// Sends `request`'s backup when its delay is up, unless it was answered or the planner's budget is spent: where the
    /// backup model predicts the lowest latency (predicted hedging), else where the balancer would send it.
    @inline(never)
    mutating func sendBackup<Policy: BalancerPolicy>(
        _ request: Int, avoiding first: Int, at now: Double, _ arrivals: UnsafeBufferPointer<Double>, _ policy: inout Policy,
        _ outcome: inout Outcome,
        _ events: inout Heap<Event>
    ) {
        guard !settled[request], control.planner!.delayElapsed(at: now) == .sendBackup else { return }
        let choice =
            control.backupModel.flatMap { fastest($0, avoiding: first, at: now, policy.pool) } ?? policy.pick(at: now, avoiding: first)
        guard let backup = choice, backup != first else { return }
        outcome.backups += 1
        backupSentAt[request] = now
        _ = send(request, to: backup, at: now, backup: true, arrivals, &policy, &outcome, &events)
    }

    /// The candidate other than `first` with the lowest latency `model` predicts at `now`, nil when there is none.
    private func fastest(_ model: LatencyModel, avoiding first: Int, at now: Double, _ pool: BackendPool) -> Int? {
        var best: Int?
        var lowest = Double.infinity
        for other in pool.candidates where other != first {
            let predicted = model.latency(of: other, features: pool.features, at: now)
            if predicted < lowest { (best, lowest) = (other, predicted) }
        }
        return best
    }

    /// A hedged request's answer: the planner hears whether the first copy beat the delay, and the client cancels the losing
    /// copy if it is still queued: its backend never serves it, and the balancer hears of it as completed, with the time
    /// since it was sent as its latency (a lower bound of what it would have been). A loser in service runs to its end.
    @inline(never)
    mutating func answeredHedged<Policy: BalancerPolicy>(
        _ request: Int, byBackup: Bool, at time: Double, _ arrivals: UnsafeBufferPointer<Double>, _ policy: inout Policy,
        _ outcome: inout Outcome
    ) {
        if !byBackup, time <= hedgeDue[request] { control.planner!.answeredBeforeDelay() }
        let copy = byBackup ? request : requests + request
        guard copyState[copy] == .queued else { return }
        copyState[copy] = .done
        let backend = Int(copyBackend[copy])
        requestsInFlight[backend] -= 1
        outcome.cancelled += 1
        let sentAt = copy >= requests ? backupSentAt[request] : arrivals[request]
        policy.completed(backend, latency: (time - sentAt) * 1000, failed: false, at: time)
    }
}
