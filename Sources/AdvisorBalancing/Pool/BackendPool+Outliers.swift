extension BackendPool {
    /// Counts a response towards the consecutive-failure rule; ejects the backend when it trips.
    mutating func recordOutcome(_ backend: Int, failed: Bool, at time: Double) {
        guard failed else {
            health[backend].consecutiveFailures = 0
            return
        }
        health[backend].consecutiveFailures += 1
        let limit = outlierSettings.consecutiveFailures
        if limit > 0, health[backend].consecutiveFailures >= limit {
            eject(backend, at: time)
        }
    }

    /// Returns backends whose ejection is over and ejects stalled ones; schedules the next sweep.
    @usableFromInline
    mutating func sweep(at time: Double) {
        var changed = false
        var next = Double.infinity
        let stall = outlierSettings.stallSeconds
        for backend in isActive.indices where isActive[backend] {
            let until = health[backend].ejectedUntil
            if !until.isNaN {
                if time >= until {
                    health[backend].ejectedUntil = .nan
                    health[backend].consecutiveFailures = 0
                    health[backend].lastEjectionEnd = time
                    changed = true
                } else {
                    next = min(next, until)
                }
            } else if stall > 0, features.unansweredTime(backend, at: time) >= stall {
                changed = eject(backend, at: time, rebuild: false) || changed
                if !health[backend].ejectedUntil.isNaN { next = min(next, health[backend].ejectedUntil) }
            }
        }
        if stall > 0 { next = min(next, time + outlierSettings.sweepSeconds) }
        nextHealthEvent = next
        if changed { rebuildCandidates() }
    }

    /// Ejects `backend` unless the cap on ejected backends forbids it.
    /// - Returns: whether it was ejected.
    @discardableResult
    mutating func eject(_ backend: Int, at time: Double, rebuild: Bool = true) -> Bool {
        guard health[backend].ejectedUntil.isNaN else { return false }
        let ejected = isActive.indices.count { isActive[$0] && !health[$0].ejectedUntil.isNaN }
        let allowed = max(activeCount >= 2 ? 1 : 0, Int(Double(activeCount) * outlierSettings.maxEjectedFraction))
        guard ejected < allowed else { return false }
        var state = health[backend]
        let healthySpell = outlierSettings.baseEjectionSeconds * Double(outlierSettings.maxEjectionMultiplier)
        if time - state.lastEjectionEnd > healthySpell { state.ejectionCount = 0 }
        state.ejectionCount += 1
        let multiplier = min(state.ejectionCount, outlierSettings.maxEjectionMultiplier)
        state.ejectedUntil = time + outlierSettings.baseEjectionSeconds * Double(multiplier)
        state.consecutiveFailures = 0
        health[backend] = state
        ejections += 1
        nextHealthEvent = min(nextHealthEvent, state.ejectedUntil)
        if rebuild { rebuildCandidates() }
        return true
    }

    /// Whether `backend` is currently ejected as an outlier.
    package func isEjected(_ backend: Int) -> Bool {
        backend < health.count && !health[backend].ejectedUntil.isNaN
    }
}
