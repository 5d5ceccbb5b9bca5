/// Latencies counted in logarithmic buckets: O(1) to record, percentiles to within 0.4 %.
///
/// A bucket is a binade of the value's `Double` representation split into 2⁷ parts (the top seven
/// mantissa bits), so no logarithm is taken per request and memory is fixed whatever the count.
struct LatencyHistogram: Sendable {
    private static let mantissaBits = 7
    /// Smallest and largest binades kept: 2⁻²⁰ ms (about 1 ns) to 2³⁰ ms (about 12 days).
    private static let minimumExponent = -20
    private static let maximumExponent = 30
    private var counts: [Int]
    private(set) var count = 0
    private(set) var sum = 0.0

    init() {
        counts = [Int](repeating: 0, count: (Self.maximumExponent - Self.minimumExponent + 1) << Self.mantissaBits)
    }

    /// Counts one latency (ms); values outside the range land in the first or last bucket.
    @inline(__always)
    mutating func record(_ value: Double) {
        count += 1
        sum += value
        counts[Self.bucket(value)] += 1
    }

    /// The value at quantile `q` (nearest rank), as its bucket's midpoint; 0 when empty.
    func quantile(_ q: Double) -> Double {
        guard count > 0 else { return 0 }
        let rank = max(1, Int((q * Double(count)).rounded(.up)))
        var seen = 0
        for index in counts.indices {
            seen += counts[index]
            if seen >= rank { return Self.midpoint(index) }
        }
        return Self.midpoint(counts.count - 1)
    }

    /// Mean of the recorded values (exact).
    var mean: Double { count > 0 ? sum / Double(count) : 0 }

    @inline(__always)
    private static func bucket(_ value: Double) -> Int {
        guard value > 0 else { return 0 }
        let exponent = Int(value.exponent)
        if exponent < minimumExponent { return 0 }
        if exponent > maximumExponent { return ((maximumExponent - minimumExponent + 1) << mantissaBits) - 1 }
        let fraction = Int(truncatingIfNeeded: value.significandBitPattern >> UInt64(Double.significandBitCount - mantissaBits))
        return ((exponent - minimumExponent) << mantissaBits) | fraction
    }

    private static func midpoint(_ index: Int) -> Double {
        let exponent = (index >> mantissaBits) + minimumExponent
        let fraction = Double(index & ((1 << mantissaBits) - 1)) + 0.5
        return Double(sign: .plus, exponent: exponent, significand: 1 + fraction / Double(1 << mantissaBits))
    }
}
