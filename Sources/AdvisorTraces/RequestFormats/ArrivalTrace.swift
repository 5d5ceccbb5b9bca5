/// When requests arrived, and optionally the work each one brought (prompt and output tokens), sorted by time.
///
/// The arrival process of a balancing replay: a recorded load with no backend attached, which the replay
/// scales to a target load and hands to the policies under test.
public struct ArrivalTrace: Sendable, Equatable {
    /// Arrival times in seconds, non-decreasing.
    public var timestamps: [Double] = []
    /// Names of the per-request work columns (`context_tokens`, `generated_tokens`); empty when there are none.
    public var workNames: [String] = []
    /// Row-major `count × workNames.count`.
    public var work: [Double] = []
    /// Whether the input was out of time order (it is sorted here, stably).
    public var wasSorted = false

    /// Number of arrivals.
    public var count: Int { timestamps.count }

    public init() {}

    /// The work of one arrival in one column.
    /// - Parameters:
    ///   - row: The arrival, `0..<count`.
    ///   - column: The work column, `0..<workNames.count`.
    public func work(_ row: Int, _ column: Int) -> Double {
        work[row * workNames.count + column]
    }

    /// Sorts the arrivals by time, stably, and records in `wasSorted` whether they were out of order.
    mutating func sortByTime() {
        guard zip(timestamps, timestamps.dropFirst()).contains(where: { $0 > $1 }) else { return }
        wasSorted = true
        let order = timestamps.indices.sorted { (timestamps[$0], $0) < (timestamps[$1], $1) }
        let width = workNames.count
        timestamps = order.map { timestamps[$0] }
        var sortedWork: [Double] = []
        sortedWork.reserveCapacity(work.count)
        for row in order { sortedWork += work[(row * width)..<((row + 1) * width)] }
        work = sortedWork
    }

    /// The columns `csvText()` writes: `timestamp`, then the work columns.
    public var csvColumns: [String] { ["timestamp"] + workNames }

    /// The arrivals as CSV `timestamp[,work…]`, which `ArrivalFormat.arrivals` reads back to the same values.
    public func csvText() -> String {
        let width = workNames.count
        var text = csvColumns.map(CSVText.field).joined(separator: ",") + "\n"
        text.reserveCapacity(count * (20 + 8 * width))
        for row in 0..<count {
            text += timestamps[row].description
            for value in work[(row * width)..<((row + 1) * width)] {
                text += ","
                text += value.description
            }
            text += "\n"
        }
        return text
    }
}
