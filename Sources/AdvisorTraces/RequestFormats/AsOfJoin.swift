/// Attaches server metrics to requests without looking into the future: each request gets, for each metric,
/// the latest sample its backend reported at or before the request's send time, never a later one.
///
/// A metric sample is recorded when a scrape ends; a balancer deciding at time t can only have seen samples
/// recorded up to t. `Options.lag` moves that horizon earlier for data whose requests and samples share one
/// scrape clock (the Alibaba GenAI files), and `Options.maxAge` refuses samples too old to describe the
/// backend any more. A request without a usable sample of every metric is dropped and counted, because the
/// canonical trace has no missing values.
public enum AsOfJoin {
    /// When a sample may be used for a request.
    public struct Options: Sendable, Equatable {
        /// A sample counts for a request sent at t only when recorded at or before t − lag (seconds, ≥ 0).
        public var lag: Double = 0
        /// A sample recorded more than this many seconds before the request counts as missing.
        public var maxAge: Double = 600

        public init() {}
    }

    /// One metric column: the series of every backend that reports the metric, by backend name.
    public struct Column: Sendable {
        public var name: String
        public var seriesByBackend: [String: MetricSeries]

        public init(name: String, seriesByBackend: [String: MetricSeries]) {
            self.name = name
            self.seriesByBackend = seriesByBackend
        }
    }

    /// The joined requests and where each value came from.
    public struct Result: Sendable {
        /// The requests that had a usable sample of every column, with the columns appended to their metrics.
        public var trace: RequestTrace
        /// Row-major, `trace.count × columns.count`: the time of the sample each joined value was taken from.
        public var sampleTimes: [Double]
        /// Requests dropped, counted under the first column that had no usable sample for them.
        public var dropped: [String: Int]
    }

    /// Joins `columns` onto `requests`.
    /// - Parameters:
    ///   - requests: Requests sorted by send time; metrics they already carry are kept, the joined ones follow.
    ///   - columns: The metrics to attach.
    ///   - options: Lag and maximum sample age.
    /// - Returns: The requests that have every metric, in their original order.
    /// - Complexity: O(n · c · log s) for n requests, c columns and at most s samples per series.
    public static func join(_ requests: RequestTrace, columns: [Column], options: Options) -> Result {
        // Resolve names to series once, so the per-request loop indexes arrays only.
        let lookup = columns.map { column in requests.backendNames.map { column.seriesByBackend[$0] } }
        var dropped: [String: Int] = [:]
        var kept: [Int] = []
        var values: [Double] = []
        var sampleTimes: [Double] = []
        kept.reserveCapacity(requests.count)
        var rowValues = [Double](repeating: 0, count: columns.count)
        var rowTimes = [Double](repeating: 0, count: columns.count)
        requestLoop: for row in 0..<requests.count {
            let time = requests.timestamps[row]
            let horizon = time - options.lag
            for column in columns.indices {
                guard let series = lookup[column][requests.backends[row]],
                    let sample = series.latestIndex(atOrBefore: horizon),
                    time - series.times[sample] <= options.maxAge
                else {
                    dropped[columns[column].name, default: 0] += 1
                    continue requestLoop
                }
                rowValues[column] = series.values[sample]
                rowTimes[column] = series.times[sample]
            }
            kept.append(row)
            values += rowValues
            sampleTimes += rowTimes
        }
        var trace = requests.selecting(rows: kept)
        let ownWidth = requests.metricNames.count
        let joinedWidth = columns.count
        var metrics: [Double] = []
        metrics.reserveCapacity(kept.count * (ownWidth + joinedWidth))
        for row in 0..<kept.count {
            metrics += trace.metrics[(row * ownWidth)..<((row + 1) * ownWidth)]
            metrics += values[(row * joinedWidth)..<((row + 1) * joinedWidth)]
        }
        trace.metrics = metrics
        trace.metricNames += columns.map(\.name)
        return Result(trace: trace, sampleTimes: sampleTimes, dropped: dropped)
    }
}
