import Foundation

/// Request arrival times for a replay: the recorded inter-arrival gaps (their burstiness kept),
/// rescaled to a target request rate that may rise linearly over the window.
struct ArrivalSchedule: Sendable {
    /// Recorded gaps divided by their mean (mean 1), in recorded order; reused cyclically.
    let unitGaps: [Double]

    /// - Parameter timestamps: recorded arrival times in seconds, in order (at least two distinct).
    init(timestamps: [Double]) throws(BalanceSimulationError) {
        var gaps: [Double] = []
        gaps.reserveCapacity(max(0, timestamps.count - 1))
        for index in timestamps.indices.dropFirst() { gaps.append(max(0, timestamps[index] - timestamps[index - 1])) }
        let mean = gaps.isEmpty ? 0 : gaps.reduce(0, +) / Double(gaps.count)
        guard mean > 0 else { throw BalanceSimulationError("the recorded arrivals need at least two distinct timestamps") }
        unitGaps = gaps.map { $0 / mean }
    }

    /// Arrival times over `window` at a rate rising linearly from `startRate` to `endRate` requests per second.
    ///
    /// The k-th arrival is at the time where the expected number of arrivals, ∫ rate, reaches the sum
    /// of the first k unit gaps: a constant rate just scales the gaps, a ramp compresses them as it rises.
    func times(in window: Range<Double>, startRate: Double, endRate: Double) -> [Double] {
        let span = window.upperBound - window.lowerBound
        let slope = (endRate - startRate) / span
        // Expected arrivals over the whole window, to reserve once.
        let expected = (startRate + endRate) / 2 * span
        var times: [Double] = []
        times.reserveCapacity(Int(expected * 1.05) + 16)
        var work = 0.0
        var gap = 0
        while true {
            work += unitGaps[gap]
            gap += 1
            if gap == unitGaps.count { gap = 0 }
            // Solve startRate·s + slope·s²/2 = work for the offset s into the window.
            let offset: Double
            if abs(slope) < 1e-12 {
                offset = work / startRate
            } else {
                offset = (-startRate + (startRate * startRate + 2 * slope * work).squareRoot()) / slope
            }
            if !(offset < span) { break }
            times.append(window.lowerBound + offset)
        }
        return times
    }
}
