public import AdvisorInput

/// The shapes of recorded request data that advisor turns into a canonical request trace
/// (`timestamp,backend,latency_ms[,metrics…]`), named as `advisor convert --format` spells them.
public enum RequestFormat: String, CaseIterable, Sendable {
    /// A request trace CSV in any column order, columns found by name (`RequestTrace.read`).
    case canonical
    /// Alibaba GenAI serving 2026: per-container end-to-end latency joined as-of with the container's queue
    /// time, QPS, GPU duty cycle, GPU memory and memory utilisation.
    case alibabaGenAI = "alibaba-genai"
    /// Nezha OnlineBoutique testbed: each pod's entry spans joined as-of with the pod's one-minute metrics.
    case nezha
    /// Azure VM noise (TUNA): each benchmark run on a VM is one request to that VM.
    case azureVMNoise = "azure-vm-noise"

    /// How to read the inputs; each format uses the parts that apply to it.
    public struct Options: Sendable {
        /// `canonical`: which columns hold which field.
        public var mapping = ColumnMapping()
        /// `canonical`: milliseconds per unit of the latency column.
        public var latencyUnit: Double = 1
        /// `alibaba-genai`, `nezha`: when a metric sample may be used for a request.
        public var join = AsOfJoin.Options()

        public init() {}
    }

    /// What one request is in this format, for help texts and reports.
    public var requestMeaning: String {
        switch self {
        case .canonical:
            "one row of the CSV"
        case .alibabaGenAI:
            "one end-to-end latency sample of a container (pipeline_inference_data_anon), "
                + "timestamped on the 57 s monitoring grid it was reported on"
        case .nezha:
            "one entry span of a pod (a span whose parent is on another pod, or a trace root), "
                + "sent at its start time, latency = its duration"
        case .azureVMNoise:
            "one benchmark run on one VM, sent at its start time; latency = pgbench's average latency (ms), "
                + "or for redis GET throughput X with c connections the mean latency c/X by Little's law"
        }
    }

    /// Reads the inputs into a canonical request trace, sorted by send time.
    /// - Parameters:
    ///   - inputs: The files (folders already expanded).
    ///   - options: Column mapping for `canonical`, join options for the joined formats.
    ///   - progress: Receives one line per file read.
    /// - Returns: The trace and a report of what was read, dropped and joined.
    /// - Throws: `InputError` naming file, line and column of what could not be read, or the missing file.
    public func read(
        _ inputs: InputFiles, options: Options = Options(), progress: ProgressHandler? = nil
    ) throws(InputError) -> (trace: RequestTrace, report: ConversionReport) {
        switch self {
        case .canonical:
            guard inputs.paths.count == 1 else {
                throw InputError(
                    code: .unexpectedFile, file: inputs.paths[1],
                    message: "the canonical format reads one file; \(inputs.paths.count) were given")
            }
            let path = inputs.paths[0]
            progress?("reading \(path)")
            let trace = try RequestTrace.read(try InputBuffer.open(path: path), mapping: options.mapping, latencyUnit: options.latencyUnit)
            var report = ConversionReport(format: rawValue, inputs: [path], recordsRead: trace.count, trace: trace)
            if trace.wasSorted { report.notes.append("the file was not in time order; rows were sorted by timestamp") }
            return (trace, report)
        case .alibabaGenAI:
            return try AlibabaGenAIReader.read(inputs, join: options.join, progress: progress)
        case .nezha:
            return try NezhaReader.read(inputs, join: options.join, progress: progress)
        case .azureVMNoise:
            return try AzureVMNoiseReader.read(inputs, progress: progress)
        }
    }
}
