/// Location and spread of one set of benchmark samples.
public struct SampleSummary: Sendable, Equatable, Encodable {
    public var count: Int
    public var mean: Double
    /// The sample standard deviation (n − 1 in the denominator).
    public var standardDeviation: Double
    public var median: Double
    /// The median absolute deviation from the median (unscaled).
    public var medianAbsoluteDeviation: Double
    /// Samples whose modified z-score `0.6745·|x − median| / MAD` exceeds 3.5 (Iglewicz and Hoaglin).
    public var outliers: Int

    public init(_ samples: [Double]) {
        precondition(!samples.isEmpty, "a summary of no samples")
        count = samples.count
        mean = samples.reduce(0, +) / Double(count)
        let mean = self.mean
        let squares = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        standardDeviation = count > 1 ? (squares / Double(count - 1)).squareRoot() : 0
        median = SampleSummary.median(samples)
        let median = self.median
        medianAbsoluteDeviation = SampleSummary.median(samples.map { abs($0 - median) })
        let mad = medianAbsoluteDeviation
        outliers = mad > 0 ? samples.filter { 0.6745 * abs($0 - median) / mad > 3.5 }.count : 0
    }

    /// The middle value, or the mean of the two middle values.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
