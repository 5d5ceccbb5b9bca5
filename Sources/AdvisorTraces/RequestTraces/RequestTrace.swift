public import AdvisorInput

/// A request trace in memory, sorted by send time: who was asked, how long it took, what the servers reported.
public struct RequestTrace: Sendable {
    /// Send time in seconds.
    public var timestamps: [Double] = []
    /// Index into `backendNames`.
    public var backends: [Int] = []
    public var backendNames: [String] = []
    /// Latency in milliseconds.
    public var latencies: [Double] = []
    public var failed: [Bool] = []
    /// Names of the server-metric columns.
    public var metricNames: [String] = []
    /// Row-major `count × metricNames.count`.
    public var metrics: [Double] = []
    /// Whether the file was out of time order (it is sorted here, stably).
    public var wasSorted = false

    /// Number of requests.
    public var count: Int { timestamps.count }

    /// An empty trace, for readers and simulations that fill in the columns.
    package init() {}

    /// Reads a canonical request trace: `timestamp,backend,latency[,status][,numeric metrics…]`, header-driven.
    /// - Parameters:
    ///   - latencyUnit: milliseconds per unit of the latency column (1 for ms, 1000 for seconds).
    /// - Throws: `InputError` naming file, line and column of a value it cannot accept.
    public static func read(_ buffer: InputBuffer, mapping: ColumnMapping, latencyUnit: Double = 1) throws(InputError) -> RequestTrace {
        let header = try CSVHeader(buffer: buffer)
        let file = buffer.path
        let timeColumn = try mapping.resolve("timestamp", given: mapping.timestamp, in: header, file: file, required: true)!
        let backendColumn = try mapping.resolve("backend", given: mapping.backend, in: header, file: file, required: true)!
        let latencyColumn = try mapping.resolve("latency", given: mapping.latency, in: header, file: file, required: true)!
        let statusColumn = try mapping.resolve("status", given: mapping.status, in: header, file: file, required: false)
        let taken = Set([timeColumn, backendColumn, latencyColumn] + (statusColumn.map { [$0] } ?? []))
        let metricColumns: [Int]
        if let names = mapping.metrics {
            var columns: [Int] = []
            for name in names {
                let column = try header.require(name, file: file)
                // The latency is what the models predict and the time and backend are not metrics, so a metric
                // naming one of them would let a model read its own answer.
                guard !taken.contains(column) else {
                    throw InputError(
                        code: .duplicateColumn, file: file, line: 1, column: column + 1,
                        message: "metric '\(name)' is the trace's time, backend, latency or status column, not a server metric")
                }
                columns.append(column)
            }
            metricColumns = columns
        } else {
            metricColumns = try numericColumns(buffer, header).filter { !taken.contains($0) }
        }
        var trace = RequestTrace()
        trace.metricNames = metricColumns.map { header.names[$0] }
        var backendIndex: [String: Int] = [:]
        do {
            try CSVReader(buffer: buffer, header: header).forEachRow { row in
                trace.timestamps.append(try row.double(timeColumn))
                let name = row.string(backendColumn)
                guard !name.isEmpty else {
                    throw InputError(
                        code: .emptyField, file: file, line: row.line, column: backendColumn + 1,
                        message: "the backend is empty; every request names the backend that served it")
                }
                if let index = backendIndex[name] {
                    trace.backends.append(index)
                } else {
                    backendIndex[name] = trace.backendNames.count
                    trace.backends.append(trace.backendNames.count)
                    trace.backendNames.append(name)
                }
                let latency = try row.double(latencyColumn) * latencyUnit
                guard latency >= 0 else {
                    throw InputError(
                        code: .notANumber, file: file, line: row.line, column: latencyColumn + 1,
                        message: "a latency cannot be negative (\(latency))")
                }
                trace.latencies.append(latency)
                trace.failed.append(statusColumn.map { column in row.withField(column) { isFailure($0) } } ?? false)
                for column in metricColumns { trace.metrics.append(try row.double(column)) }
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(code: .unreadable, file: file, message: "\(error)")
        }
        guard trace.count > 0 else { throw InputError(code: .emptyFile, file: file, message: "the trace has a header but no requests") }
        trace.sortByTime()
        return trace
    }

    /// Columns whose value in the first data row is a number: the candidates for server metrics.
    package static func numericColumns(_ buffer: InputBuffer, _ header: CSVHeader) throws(InputError) -> [Int] {
        try firstRowValues(buffer, header).enumerated().compactMap { $0.element == nil ? nil : $0.offset }
    }

    /// A status field means failure unless it is 0, an HTTP 1xx–3xx code, or a word for success.
    static func isFailure(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self).lowercased()
        if let code = Double(text) { return !(code == 0 || (100..<400).contains(code)) }
        return !["", "ok", "success", "succeed", "succeeded", "true_ok"].contains(text)
    }

    /// Sorts the requests by send time, stably, and records in `wasSorted` whether they were out of order.
    mutating func sortByTime() {
        guard zip(timestamps, timestamps.dropFirst()).contains(where: { $0 > $1 }) else { return }
        wasSorted = true
        let order = timestamps.indices.sorted { (timestamps[$0], $0) < (timestamps[$1], $1) }
        let width = metricNames.count
        timestamps = order.map { timestamps[$0] }
        backends = order.map { backends[$0] }
        latencies = order.map { latencies[$0] }
        failed = order.map { failed[$0] }
        var sortedMetrics: [Double] = []
        sortedMetrics.reserveCapacity(metrics.count)
        for row in order { sortedMetrics.append(contentsOf: metrics[(row * width)..<((row + 1) * width)]) }
        metrics = sortedMetrics
    }
}
