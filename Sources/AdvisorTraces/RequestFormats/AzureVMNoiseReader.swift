import AdvisorInput
import Foundation

/// Reads the Azure VM noise benchmark results (`azure-vm-noise-2024/`, TUNA): `value,runtime,starttime,VM_id`
/// per file named `<benchmark>__<lifespan>_<region>_<sku>.csv.gz`.
///
/// A request is one benchmark run on one VM, sent at the run's start time. The backend is the VM
/// (`pgbench/long_eastus_B8ms/vm0`): the same nominal machine (SKU, region) with its own measured speed,
/// over months in the `long` files (3 VMs each) and once per fresh VM in the `short` files. The latency is
/// pgbench's average latency in ms, or, for redis-benchmark's GET throughput X (requests/s) with c parallel
/// connections, the mean latency of one GET, c / X, by Little's law: the benchmark keeps c requests in
/// flight. There are no metric columns: `runtime` is the run's own duration, known only after it.
enum AzureVMNoiseReader {
    /// What a file's values are, read from its name.
    enum Measure: Equatable {
        /// Average latency in milliseconds (`…_ms__…`).
        case latencyMilliseconds
        /// Requests per second with this many parallel connections (`…_c50_…_rps__…`).
        case throughput(connections: Int)

        /// Milliseconds per request for one value of the file.
        func latency(_ value: Double) -> Double {
            switch self {
            case .latencyMilliseconds: value
            case .throughput(let connections): Double(connections) * 1000 / value
            }
        }
    }

    static func read(_ inputs: InputFiles, progress: ProgressHandler?) throws(InputError) -> (trace: RequestTrace, report: ConversionReport)
    {
        var builder = RequestTraceBuilder()
        var rows = 0
        var measures: Set<String> = []
        var hasFreshVMs = false
        for (number, path) in inputs.paths.enumerated() {
            let (benchmark, group, measure) = try describe(path)
            progress?("reading runs (\(number + 1)/\(inputs.paths.count)) \(path)")
            let buffer = try InputBuffer.open(path: path)
            let header = try CSVHeader(buffer: buffer)
            let valueColumn = try header.require("value", file: path)
            let startColumn = try header.require("starttime", file: path)
            let vmColumn = try header.require("VM_id", file: path)
            hasFreshVMs = hasFreshVMs || group.hasPrefix("short")
            measures.insert(
                measure == .latencyMilliseconds ? "\(benchmark): latency in ms as recorded" : "\(benchmark): c / throughput (Little's law)")
            do {
                try CSVReader(buffer: buffer, header: header).forEachRow { row in
                    rows += 1
                    let value = try row.double(valueColumn)
                    guard value > 0 else {
                        throw InputError(
                            code: .notANumber, file: path, line: row.line, column: valueColumn + 1,
                            message: "a benchmark result must be positive (\(value))")
                    }
                    let backend = "\(benchmark)/\(group)/vm\(row.string(vmColumn))"
                    builder.append(time: try row.seconds(startColumn), backend: backend, latency: measure.latency(value))
                }
            } catch let error as InputError {
                throw error
            } catch {
                throw InputError(code: .unreadable, file: path, message: "\(error)")
            }
        }
        let trace = builder.build()
        guard trace.count > 0 else {
            throw InputError(code: .emptyFile, file: inputs.paths.joined(separator: ", "), message: "the files have no benchmark runs")
        }
        var report = ConversionReport(format: RequestFormat.azureVMNoise.rawValue, inputs: inputs.paths, recordsRead: rows, trace: trace)
        report.notes = ["a request is " + RequestFormat.azureVMNoise.requestMeaning] + measures.sorted()
        if hasFreshVMs { report.notes.append("in the short_* files every row is a fresh VM, so each of their backends has one request") }
        return (trace, report)
    }

    /// The benchmark (`pgbench`), the group (`long_eastus_B8ms`) and the measure, from a file name.
    /// - Throws: `InputError` `.unexpectedFile` when the name does not say what the values are.
    static func describe(_ path: String) throws(InputError) -> (benchmark: String, group: String, measure: Measure) {
        let stem = InputFiles.stem(of: path)
        let parts = stem.components(separatedBy: "__")
        let tokens = parts[0].split(separator: "_")
        let connections = tokens.lazy.compactMap { $0.first == "c" ? Int($0.dropFirst()) : nil }.first
        let measure: Measure?
        switch tokens.last {
        case "ms": measure = .latencyMilliseconds
        case "rps": measure = connections.map { .throughput(connections: $0) }
        default: measure = nil
        }
        guard parts.count == 2, !parts[1].isEmpty, let benchmark = tokens.first, let measure else {
            throw InputError(
                code: .unexpectedFile, file: path,
                message: "the name does not say what the values are: expected <benchmark>_…_ms__<lifespan>_<region>_<sku> "
                    + "(latency in ms) or <benchmark>_…_c<connections>_…_rps__<lifespan>_<region>_<sku> (requests per second)")
        }
        return (String(benchmark), parts[1], measure)
    }
}
