public import AdvisorTraining
import Foundation

extension CacheSimulation {
    /// The sizes a simulation runs at: the trainer's `CacheSize`, so `--cache-size` means the same to both.
    public typealias SizeChoice = CacheSize
}

extension CacheSize {
    /// `points` sizes spaced evenly in log scale from `low` to `high` (both ends included), the points of a
    /// miss-ratio curve: `0.1%..20%` or `100..100000`. Percentages keep three significant digits, counts are
    /// whole; sizes that round to the same value are given once.
    /// - Returns: nil when the ends are not of one kind (both percentages or both counts), `low` is not below
    ///   `high`, or `points` is below 2.
    package static func sweep(from low: CacheSize, to high: CacheSize, points: Int) -> [CacheSize]? {
        guard points >= 2 else { return nil }
        let ends: (Double, Double)
        switch (low, high) {
        case (.percent(let a), .percent(let b)): ends = (a, b)
        case (.absolute(let a), .absolute(let b)): ends = (Double(a), Double(b))
        default: return nil
        }
        guard ends.0 < ends.1 else { return nil }
        var sizes: [CacheSize] = []
        for step in 0..<points {
            let value = exp(log(ends.0) + Double(step) / Double(points - 1) * (log(ends.1) - log(ends.0)))
            let size: CacheSize
            if case .percent = low {
                let digits = pow(10, (log10(value)).rounded(.down) - 2)
                size = .percent(min(100, (value / digits).rounded() * digits))
            } else {
                size = .absolute(Int(value.rounded()))
            }
            if !sizes.contains(size) { sizes.append(size) }
        }
        return sizes
    }
}
