import AdvisorSupport

/// How a run fared while the load was stepped up (the `overload` scenario's middle third).
struct StepResponse {
    /// Requests arriving during the step that were answered within the timeout, per second of the step.
    var goodput: Double
    /// The p99 (ms) the admitted requests settled at: the median of the per-second p99 over the step's second half.
    var stableP99: Double
    /// Seconds from the step until the per-second p99 of admitted requests stays within a factor of 1.5 of `stableP99` to the
    /// end of the step.
    var secondsToStableP99: Double

    /// - Parameters:
    ///   - log: the run's request log by arrival (a rejected request is logged with latency −1).
    ///   - arrivals: arrival times (s), increasing.
    ///   - peak: the part of the window at the higher load.
    init(log: RequestLog, arrivals: [Double], peak: Range<Double>, timeoutMilliseconds: Double) {
        let seconds = max(1, Int((peak.upperBound - peak.lowerBound).rounded(.down)))
        var bins = [[Double]](repeating: [], count: seconds)
        var answered = 0
        for request in arrivals.indices where peak.contains(arrivals[request]) {
            if !log.failed[request] { answered += 1 }
            guard log.latencies[request] >= 0 else { continue }
            bins[min(seconds - 1, Int(arrivals[request] - peak.lowerBound))].append(log.latencies[request])
        }
        goodput = Double(answered) / (peak.upperBound - peak.lowerBound)
        let p99s = bins.map { bin -> Double in
            guard !bin.isEmpty else { return 0 }
            return EmpiricalQuantile.value(0.99, of: bin)
        }
        let settled = p99s[(seconds / 2)...].sorted()
        let level = EmpiricalQuantile.value(0.5, sorted: settled)
        stableP99 = level
        // The last second outside the band ends the settling.
        let lastOutside = p99s.lastIndex { $0 > 1.5 * level || $0 < level / 1.5 }
        secondsToStableP99 = lastOutside.map { Double($0 + 1) } ?? 0
    }
}
