import AdvisorInput
import AdvisorLearning
import AdvisorTraces
import ArgumentParser
import Foundation

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Turn recorded server data into a canonical request trace or arrival stream (CSV).",
        discussion: """
            Request formats write timestamp,backend,latency_ms[,metrics…], which \
            'advisor train' and the balancing replay read like any user's file. \
            Joined formats attach each backend's metrics as of the request: the \
            latest sample recorded at or before the send time, never a later one. \
            A request without a recent enough sample of every metric is dropped \
            and counted.

              canonical       any request CSV, columns found by name (flags below)
              alibaba-genai   alibaba-genai-serving-2026/: each container's
                              end-to-end latency, with its queue_ms, qps,
                              gpu_duty_cycle_pct, gpu_memory_bytes, memory_util
              nezha           nezha-microservice-testbed/: each pod's entry
                              spans, with the pod's 19 one-minute metrics
              azure-vm-noise  azure-vm-noise-2024/: a benchmark run on a VM is
                              a request to that VM (redis GET/s → c/X latency)

            Arrival formats write timestamp[,work…]: the load a balancing replay \
            offers, with no backend.

              arrivals        any CSV with a time column and numeric work columns
              azure-llm       azure-llm-inference-2023/: context/generated tokens
              nasa            nasa-http-1995-per-second/: per-second counts,
                              spread evenly inside each second

            Folders are read whole; files a format does not use are listed as \
            ignored (give only some metric files to join only those). The output \
            is written to a temporary file and renamed, so a failed run leaves no \
            partial file. Bad input stops with file:line:column.

              advisor convert --format alibaba-genai \\
                  ../shared/datasets/alibaba-genai-serving-2026 -o alibaba.csv
              advisor convert --format nezha \\
                  ../shared/datasets/nezha-microservice-testbed -o nezha.csv
              advisor convert --format azure-llm --json -o arrivals.csv \\
                  ../shared/datasets/azure-llm-inference-2023
              advisor train alibaba.csv
            """)

    @Option(help: "Input format (see above).")
    var format: ConvertFormat

    @Argument(help: "Input files or folders.", completion: .file())
    var inputs: [String]

    @Option(name: [.short, .long], help: "The CSV to write.", completion: .file(extensions: ["csv"]))
    var output: String

    @Option(help: "alibaba-genai, nezha: a metric sample older than this many seconds counts as missing (default 600).")
    var maxSampleAge: Double?

    @Option(help: "alibaba-genai, nezha: use only samples recorded at least this many seconds before the request (default 0).")
    var sampleLag: Double?

    @OptionGroup(title: "Columns (canonical format; the access-trace flags do not apply)")
    var columns: ColumnOptions

    @Option(help: "canonical: unit of the latency column (default ms).")
    var latencyUnit: LatencyUnit?

    @Flag(help: "Print one JSON object describing the output (rows, backends, time range, columns, drops) on stdout.")
    var json = false

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one input file or folder") }
        let joins = format == .requests(.alibabaGenAI) || format == .requests(.nezha)
        if let maxSampleAge {
            guard joins else { throw ValidationError("--max-sample-age applies to alibaba-genai and nezha only") }
            guard maxSampleAge > 0 else { throw ValidationError("--max-sample-age must be positive, not \(maxSampleAge)") }
        }
        if let sampleLag {
            guard joins else { throw ValidationError("--sample-lag applies to alibaba-genai and nezha only") }
            guard sampleLag >= 0 else { throw ValidationError("--sample-lag must be ≥ 0, not \(sampleLag)") }
        }
        if joins, (maxSampleAge ?? AsOfJoin.Options().maxAge) <= (sampleLag ?? 0) {
            throw ValidationError("--max-sample-age must exceed --sample-lag, or no sample could ever be used")
        }
        if format != .requests(.canonical), columns.mapping != ColumnMapping() || latencyUnit != nil {
            throw ValidationError("column flags and --latency-unit apply to the canonical format only; \(format) knows its columns")
        }
        if columns.keyColumn != nil || columns.sizeColumn != nil || columns.opColumn != nil {
            throw ValidationError("--key-column, --size-column and --op-column describe access traces; convert writes request traces")
        }
    }

    func run() throws {
        let progress = Console.progress(quiet: quiet)
        let files = try InputFiles(expanding: inputs)
        try OutputFile.refuseOverwriting(files.paths, with: output)
        var report: ConversionReport
        let text: String
        switch format {
        case .requests(let requestFormat):
            var options = RequestFormat.Options()
            options.mapping = columns.mapping
            options.latencyUnit = (latencyUnit ?? .ms).milliseconds
            if let maxSampleAge { options.join.maxAge = maxSampleAge }
            if let sampleLag { options.join.lag = sampleLag }
            let converted = try requestFormat.read(files, options: options, progress: progress)
            report = converted.report
            progress?("writing \(converted.trace.count) requests")
            text = converted.trace.csvText()
        case .arrivals(let arrivalFormat):
            let converted = try arrivalFormat.read(files, progress: progress)
            report = converted.report
            progress?("writing \(converted.trace.count) arrivals")
            text = converted.trace.csvText()
        }
        try OutputFile.write(Data(text.utf8), to: output)
        report.output = output
        if json {
            try Console.printJSON(report)
        } else {
            try Console.print(Self.summary(report))
        }
    }

    static func summary(_ report: ConversionReport) -> String {
        let span = report.timeRange[1] - report.timeRange[0]
        let spanText = span >= 86_400 ? String(format: "%.1f days", span / 86_400) : String(format: "%.2f h", span / 3_600)
        var lines = [
            "\(report.format): \(report.rows) rows"
                + (report.backends.map { " from \($0) backends" } ?? "")
                + String(
                    format: ", t = %.3f … %.3f s (%@), from %d records", report.timeRange[0], report.timeRange[1], spanText,
                    report.recordsRead),
            "columns: \(report.columns.joined(separator: ", "))",
        ]
        lines += report.dropped.sorted { $0.key < $1.key }.map { "dropped \($0.value): \($0.key)" }
        // Metrics sampled together (a pod's 19 columns) have the same ages: one line per distinct summary.
        let byAge = Dictionary(grouping: report.sampleAgeSeconds.keys.sorted()) { report.sampleAgeSeconds[$0]! }
        lines += byAge.sorted { $0.value[0] < $1.value[0] }.map { age, metrics in
            String(
                format: "sample age: median %.0f s, p99 %.0f s, max %.0f s for %@", age.median, age.p99, age.max,
                metrics.joined(separator: ", "))
        }
        lines += report.ignored.map { "ignored \($0)" }
        lines += report.notes.map { "note: \($0)" }
        lines += report.output.map { ["wrote \($0)"] } ?? []
        return lines.joined(separator: "\n")
    }
}

/// Every format `advisor convert` reads: request formats write request traces, arrival formats arrival streams.
enum ConvertFormat: ExpressibleByArgument, Equatable, CustomStringConvertible {
    case requests(RequestFormat)
    case arrivals(ArrivalFormat)

    init?(argument: String) {
        if let format = RequestFormat(rawValue: argument) {
            self = .requests(format)
        } else if let format = ArrivalFormat(rawValue: argument) {
            self = .arrivals(format)
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] {
        RequestFormat.allCases.map(\.rawValue) + ArrivalFormat.allCases.map(\.rawValue)
    }

    var description: String {
        switch self {
        case .requests(let format): format.rawValue
        case .arrivals(let format): format.rawValue
        }
    }
}
