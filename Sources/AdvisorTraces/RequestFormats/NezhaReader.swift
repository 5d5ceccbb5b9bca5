import AdvisorInput

/// Reads the Nezha OnlineBoutique testbed (`nezha-microservice-testbed/ob_2022-08-23/`): each pod's entry
/// spans (see `NezhaSpans`) are the requests, the pod is the backend, and the pod's one-minute metrics
/// (`metric/<pod>_metric.csv.gz`: CPU, memory, syscalls, network, its client and server latency
/// percentiles, workload, success rate, node load) are joined as-of.
///
/// Files are recognised by their header, so folders can be given whole: span files have `TraceID` and
/// `SpanID`, pod metric files `PodName` and `TimeStamp`. The other files of the folder (service-level
/// latency, edge matrices, the dependency graph, the fault list) are listed as ignored.
enum NezhaReader {
    /// Metric-file columns that are not metrics.
    static let metricKeyColumns = ["Time", "TimeStamp", "PodName"]

    static func read(
        _ inputs: InputFiles, join options: AsOfJoin.Options, progress: ProgressHandler?
    ) throws(InputError) -> (trace: RequestTrace, report: ConversionReport) {
        var spans = NezhaSpans()
        var metrics = PodMetrics()
        var used: [String] = []
        var ignored: [String] = []
        for (number, path) in inputs.paths.enumerated() {
            if path.hasSuffix(".json") {
                ignored.append(path)
                continue
            }
            let buffer = try InputBuffer.open(path: path)
            let header = try CSVHeader(buffer: buffer)
            if header.index(of: "TraceID") != nil, header.index(of: "SpanID") != nil {
                progress?("reading spans (\(number + 1)/\(inputs.paths.count)) \(path)")
                try spans.read(buffer, header: header)
                used.append(path)
            } else if header.index(of: "PodName") != nil, header.index(of: "TimeStamp") != nil {
                progress?("reading pod metrics (\(number + 1)/\(inputs.paths.count)) \(path)")
                try metrics.read(buffer, header: header)
                used.append(path)
            } else {
                ignored.append(path)
            }
        }
        guard spans.rowsRead > 0 else {
            throw InputError(
                code: .missingFile, file: inputs.paths.joined(separator: ", "),
                message: "no span file (header TraceID,SpanID,ParentID,PodName,…) among the inputs")
        }
        let entries = spans.entrySpans()
        progress?("joining \(metrics.names.count) pod metrics onto \(entries.requests.count) entry spans")
        let columns = metrics.columns()
        let joined = AsOfJoin.join(entries.requests, columns: columns, options: options)
        var report = ConversionReport(format: RequestFormat.nezha.rawValue, inputs: used, recordsRead: spans.rowsRead, trace: joined.trace)
        report.ignored = ignored
        report.dropped["duplicate span (in two overlapping minute files)"] = spans.duplicates
        report.dropped["span inside its pod (its parent ran on the same pod)"] = entries.inner
        if entries.orphans > 0 { report.dropped["parent span in no input file"] = entries.orphans }
        for (column, count) in joined.dropped {
            report.dropped["no finite \(column) sample of the pod within \(ConversionReport.seconds(options.maxAge)) before the span"] =
                count
        }
        report.recordSampleAges(joined, columns: columns.map(\.name))
        try report.requireRows(inputs)
        report.notes = [
            "a request is " + RequestFormat.nezha.requestMeaning,
            metrics.names.isEmpty
                ? "no pod metric file among the inputs: no metric columns"
                : "a NaN metric value (a latency percentile in a minute without calls) is a gap: the pod's latest finite sample is used",
        ]
        return (joined.trace, report)
    }

    /// The pods' metric samples, one series per pod and metric; NaN values are gaps.
    struct PodMetrics {
        /// Source column names, in the first file's order.
        private(set) var sourceNames: [String] = []
        /// Output column names (snake_case).
        var names: [String] { sourceNames.map(ColumnName.snakeCase) }
        /// Pod → per metric, sample times and values.
        private var samples: [String: [(times: [Double], values: [Double])]] = [:]

        mutating func read(_ buffer: InputBuffer, header: CSVHeader) throws(InputError) {
            let file = buffer.path
            let metricNames = header.names.filter { !NezhaReader.metricKeyColumns.contains($0) }
            if sourceNames.isEmpty {
                sourceNames = metricNames
            } else if Set(metricNames) != Set(sourceNames) {
                throw InputError(
                    code: .unknownColumn, file: file, line: 1,
                    message: "the metric columns differ from the first metric file's: \(metricNames) versus \(sourceNames)")
            }
            var columns: [Int] = []
            for name in sourceNames { columns.append(try header.require(name, file: file)) }
            let timeColumn = try header.require("TimeStamp", file: file)
            let podColumn = try header.require("PodName", file: file)
            let width = sourceNames.count
            do {
                try CSVReader(buffer: buffer, header: header).forEachRow { row in
                    let time = try row.double(timeColumn)
                    let pod = row.string(podColumn)
                    if samples[pod] == nil { samples[pod] = Array(repeating: ([], []), count: width) }
                    for (metric, column) in columns.enumerated() {
                        let isGap = row.withField(column) { bytes in
                            bytes.isEmpty || String(decoding: bytes, as: UTF8.self).lowercased() == "nan"
                        }
                        guard !isGap else { continue }
                        let value = try row.double(column)
                        // Appended through the dictionary's subscript, in place, so the arrays are not copied per row.
                        samples[pod]![metric].times.append(time)
                        samples[pod]![metric].values.append(value)
                    }
                }
            } catch let error as InputError {
                throw error
            } catch {
                throw InputError(code: .unreadable, file: file, message: "\(error)")
            }
        }

        /// One join column per metric.
        func columns() -> [AsOfJoin.Column] {
            names.enumerated().map { metric, name in
                AsOfJoin.Column(
                    name: name,
                    seriesByBackend: samples.mapValues { MetricSeries(name: name, times: $0[metric].times, values: $0[metric].values) })
            }
        }
    }
}
