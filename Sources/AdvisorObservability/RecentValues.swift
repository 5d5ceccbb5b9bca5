/// The last `capacity` values of a series in a ring, read back by lag.
///
/// Lags reaching before the first sample read the first sample, so a forecaster's features are
/// defined from the second sample on without a special case.
struct RecentValues: Sendable {
    private var ring: [Double]
    private var head = -1
    private(set) var count = 0
    private var first = 0.0

    /// Creates an empty ring that can answer lags up to `capacity`.
    init(capacity: Int) {
        ring = [Double](repeating: 0, count: capacity)
    }

    /// Appends the newest value.
    /// - Complexity: O(1).
    mutating func append(_ value: Double) {
        if count == 0 { first = value }
        head = (head + 1) % ring.count
        ring[head] = value
        count += 1
    }

    /// The value `lag` samples back (1 is the newest), or the first sample when the series is shorter.
    /// - Precondition: at least one value was appended and `1 ≤ lag ≤ capacity`.
    func value(lag: Int) -> Double {
        guard lag <= count else { return first }
        return ring[(head - lag + 1 + ring.count) % ring.count]
    }

    /// The mean of the newest `span` values (fewer while the series is shorter).
    /// - Complexity: O(`span`).
    func mean(ofLast span: Int) -> Double {
        let taken = min(span, count)
        guard taken > 0 else { return 0 }
        var sum = 0.0
        for lag in 1...taken { sum += value(lag: lag) }
        return sum / Double(taken)
    }
}
