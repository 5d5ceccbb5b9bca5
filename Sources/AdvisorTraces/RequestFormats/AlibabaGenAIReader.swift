import AdvisorInput

/// Reads the Alibaba GenAI serving 2026 files (`alibaba-genai-serving-2026/`): the end-to-end latency samples
/// of `pipeline_inference_data_anon` are the requests, the container (`container_ip`, an MD5 of its address)
/// is the backend, and the container's own metric samples are joined as-of.
///
/// Every file of this dataset is sampled on one 57 s monitoring grid, so a latency reported at t and a GPU
/// sample recorded at t come from the same scrape: the sample covers the interval the request ran in. That
/// is "at or before" t, but not knowable when the request was sent; `AsOfJoin.Options.lag` of 57 s takes
/// the previous scrape instead. The notes of the report say which was used.
enum AlibabaGenAIReader {
    /// The file holding the requests.
    static let requestStem = "pipeline_inference_data_anon"
    /// The metric files joined onto the requests (by file stem), and the column each becomes.
    static let metricFiles: [(stem: String, column: String)] = [
        ("queue_rt_raw_anon", "queue_ms"),
        ("qps", "qps"),
        ("pod_gpu_duty_cycle_anon", "gpu_duty_cycle_pct"),
        ("pod_gpu_memory_used_bytes_anon", "gpu_memory_bytes"),
        ("pod_memory_util_anon", "memory_util"),
    ]
    /// The `qps` rows of containers; the `API Requests` rows are gateway-level and have no container.
    static let containerRequestType = "Generative Requests"
    /// The scrape interval of every file, in seconds.
    static let scrapeInterval = 57.0

    static func read(
        _ inputs: InputFiles, join options: AsOfJoin.Options, progress: ProgressHandler?
    ) throws(InputError) -> (trace: RequestTrace, report: ConversionReport) {
        var requestPath: String?
        var metricPaths: [String: String] = [:]
        var ignored: [String] = []
        for path in inputs.paths {
            let stem = InputFiles.stem(of: path)
            if stem == requestStem {
                if let requestPath { throw duplicate(path, requestPath) }
                requestPath = path
            } else if metricFiles.contains(where: { $0.stem == stem }) {
                if let earlier = metricPaths[stem] { throw duplicate(path, earlier) }
                metricPaths[stem] = path
            } else {
                ignored.append(path)
            }
        }
        guard let requestPath else {
            throw InputError(
                code: .missingFile, file: inputs.paths.joined(separator: ", "),
                message: "no \(requestStem).csv[.gz] among the inputs: it holds the requests (end-to-end latency per container)")
        }

        progress?("reading requests from \(requestPath)")
        let requests = try readSamples(requestPath, isLatency: true)
        var builder = RequestTraceBuilder()
        for row in requests.times.indices {
            builder.append(time: requests.times[row], backend: requests.containers[row], latency: requests.values[row])
        }
        let bare = builder.build()
        guard bare.count > 0 else {
            throw InputError(code: .emptyFile, file: requestPath, message: "no latency sample names its container")
        }

        var columns: [AsOfJoin.Column] = []
        var used = [requestPath]
        var notes = ["a request is " + RequestFormat.alibabaGenAI.requestMeaning]
        for (stem, column) in metricFiles {
            guard let path = metricPaths[stem] else {
                notes.append("\(stem) is not among the inputs: no \(column) column")
                continue
            }
            progress?("reading \(column) samples from \(path)")
            let samples = try readSamples(path)
            used.append(path)
            columns.append(
                AsOfJoin.Column(
                    name: column,
                    seriesByBackend: samples.seriesByContainer(named: column)))
        }
        progress?("joining \(columns.count) metrics onto \(bare.count) requests")
        let joined = AsOfJoin.join(bare, columns: columns, options: options)
        var report = ConversionReport(
            format: RequestFormat.alibabaGenAI.rawValue, inputs: used, recordsRead: requests.rows, trace: joined.trace)
        report.ignored = ignored
        if requests.withoutContainer > 0 { report.dropped["latency sample without a container"] = requests.withoutContainer }
        for (column, count) in joined.dropped {
            report.dropped["no \(column) sample of the container within \(ConversionReport.seconds(options.maxAge)) before the request"] =
                count
        }
        report.recordSampleAges(joined, columns: columns.map(\.name))
        let interval = ConversionReport.seconds(scrapeInterval)
        notes.append(
            options.lag == 0
                ? "samples at the request's own timestamp were used: on this dataset's \(interval) grid they come from the scrape "
                    + "the request ran in; a sample lag of \(interval) uses the previous scrape"
                : "samples were taken at least \(ConversionReport.seconds(options.lag)) before each request")
        report.notes = notes
        try report.requireRows(inputs)
        return (joined.trace, report)
    }

    /// The samples of one `timestamp_anon,value,container_ip[,request_type]` file, in file order.
    struct Samples {
        var rows = 0
        var withoutContainer = 0
        var times: [Double] = []
        var values: [Double] = []
        var containers: [String] = []

        /// One series per container.
        func seriesByContainer(named name: String) -> [String: MetricSeries] {
            var rowsOf: [String: [Int]] = [:]
            for (row, container) in containers.enumerated() { rowsOf[container, default: []].append(row) }
            return rowsOf.mapValues { rows in MetricSeries(name: name, times: rows.map { times[$0] }, values: rows.map { values[$0] }) }
        }
    }

    /// Reads one file; rows without a container (empty, `NULL`, `None`) are counted and skipped, and so are
    /// `qps` rows of another request type than the containers'.
    /// - Parameter isLatency: Whether the values are latencies, which cannot be negative.
    static func readSamples(_ path: String, isLatency: Bool = false) throws(InputError) -> Samples {
        let buffer = try InputBuffer.open(path: path)
        let header = try CSVHeader(buffer: buffer)
        let timeColumn = try header.require("timestamp_anon", file: path)
        let valueColumn = try header.require("value", file: path)
        let containerColumn = try header.require("container_ip", file: path)
        let typeColumn = header.index(of: "request_type")
        var samples = Samples()
        do {
            try CSVReader(buffer: buffer, header: header).forEachRow { row in
                samples.rows += 1
                if let typeColumn, row.string(typeColumn) != containerRequestType { return }
                let container = row.string(containerColumn)
                guard !["", "NULL", "None"].contains(container) else {
                    samples.withoutContainer += 1
                    return
                }
                let value = try row.double(valueColumn)
                if isLatency, value < 0 {
                    throw InputError(
                        code: .notANumber, file: path, line: row.line, column: valueColumn + 1,
                        message: "a latency cannot be negative (\(value))")
                }
                samples.times.append(try row.double(timeColumn))
                samples.values.append(value)
                samples.containers.append(container)
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(code: .unreadable, file: path, message: "\(error)")
        }
        guard samples.rows > 0 else { throw InputError(code: .emptyFile, file: path, message: "the file has a header but no samples") }
        return samples
    }

    static func duplicate(_ path: String, _ earlier: String) -> InputError {
        InputError(code: .unexpectedFile, file: path, message: "the same file is also given as \(earlier); give each file once")
    }
}
