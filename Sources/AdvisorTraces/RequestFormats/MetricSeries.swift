public import AdvisorInput

/// One server metric sampled over time (a CloudWatch series, one container's GPU utilisation), in time order.
///
/// The unit the as-of joins consume: `AsOfJoin` takes, per metric column, the series of each backend.
public struct MetricSeries: Sendable, Equatable {
    /// The metric's name, as it becomes a column of a joined request trace.
    public var name: String
    /// Sample times in seconds, non-decreasing.
    public private(set) var times: [Double]
    /// The sample values, one per time.
    public private(set) var values: [Double]

    /// The number of samples.
    public var count: Int { times.count }

    /// Creates a series, sorting the samples by time (stably, so samples recorded at the same time keep their order).
    /// - Parameters:
    ///   - name: The metric's name.
    ///   - times: Sample times in seconds, in any order.
    ///   - values: One value per time.
    public init(name: String, times: [Double], values: [Double]) {
        precondition(times.count == values.count, "a series needs one value per sample time")
        self.name = name
        if zip(times, times.dropFirst()).contains(where: { $0 > $1 }) {
            let order = times.indices.sorted { (times[$0], $0) < (times[$1], $1) }
            self.times = order.map { times[$0] }
            self.values = order.map { values[$0] }
        } else {
            self.times = times
            self.values = values
        }
    }

    /// The latest sample recorded at or before `time`: among samples with the same time, the last one read.
    /// - Parameter time: Seconds.
    /// - Returns: The sample's index, or nil when every sample is later.
    /// - Complexity: O(log `count`).
    public func latestIndex(atOrBefore time: Double) -> Int? {
        var low = 0
        var high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] <= time { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }

    /// Reads a `timestamp,value` series such as the NAB AWS CloudWatch files, named after the file.
    ///
    /// Times are seconds or UTC date-times (`2014-04-10 00:04:00`), never decreasing (the lookups
    /// search them); the value column is `value`, or the only column besides the time.
    /// - Parameters:
    ///   - path: The CSV file, optionally gzip-compressed.
    ///   - name: The series name; the file name without its extensions when nil.
    /// - Throws: `InputError` naming file, line and column of a value it cannot accept or a time out of order.
    public static func read(path: String, name: String? = nil) throws(InputError) -> MetricSeries {
        let series = try TimestampedValues.read(path: path, column: nil, keepingTexts: false, choosing: "a series is timestamp,value")
        return MetricSeries(name: name ?? InputFiles.stem(of: path), times: series.times, values: series.values)
    }
}
