import AdvisorInput
import AdvisorSupport

/// What a conversion read, kept and dropped: `advisor convert --json` prints it.
public struct ConversionReport: Codable, Sendable, Equatable {
    /// How old the joined samples of one metric were, in seconds before the request.
    public struct SampleAge: Codable, Sendable, Hashable {
        public var median: Double
        public var p99: Double
        public var max: Double
    }

    /// The format's command-line name.
    public var format: String
    /// The output file, once written.
    public var output: String?
    /// The files read.
    public var inputs: [String]
    /// Files found in the given folders that the format does not use.
    public var ignored: [String] = []
    /// Records in the inputs before deduplication, filtering and joins.
    public var recordsRead: Int
    /// Rows written.
    public var rows: Int
    /// Distinct backends (nil for arrival traces and metric series, which have none).
    public var backends: Int?
    /// First and last timestamp, in seconds.
    public var timeRange: [Double]
    /// The output's columns, in order.
    public var columns: [String]
    /// Records not written, by reason.
    public var dropped: [String: Int] = [:]
    /// Per joined metric, how old its samples were.
    public var sampleAgeSeconds: [String: SampleAge] = [:]
    /// Facts a user should know about what a row means.
    public var notes: [String] = []

    /// A report on a request trace; columns are those `RequestTrace.csvText()` writes.
    init(format: String, inputs: [String], recordsRead: Int, trace: RequestTrace) {
        self.format = format
        self.inputs = inputs
        self.recordsRead = recordsRead
        self.rows = trace.count
        self.backends = trace.backendNames.count
        self.timeRange = [trace.timestamps.first ?? 0, trace.timestamps.last ?? 0]
        self.columns = trace.csvColumns
    }

    /// A report on any other time-ordered output.
    init(format: String, inputs: [String], recordsRead: Int, rows: Int, timeRange: [Double], columns: [String]) {
        self.format = format
        self.inputs = inputs
        self.recordsRead = recordsRead
        self.rows = rows
        self.timeRange = timeRange
        self.columns = columns
    }

    /// Refuses a conversion that kept nothing, naming why every record was dropped.
    /// - Parameter inputs: The files converted, for the error.
    /// - Throws: `InputError` `.emptyFile` when no row was kept.
    func requireRows(_ inputs: InputFiles) throws(InputError) {
        guard rows == 0 else { return }
        let reasons = dropped.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.value): \($0.key)" }
        throw InputError(
            code: .emptyFile, file: inputs.paths.joined(separator: ", "),
            message: "no request was kept; dropped \(reasons.joined(separator: "; "))")
    }

    /// A duration for a message: `600 s`, `0.5 s`.
    static func seconds(_ value: Double) -> String {
        (value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)) + " s"
    }

    /// Records the age of every joined sample, per column, from a join's sample times.
    mutating func recordSampleAges(_ join: AsOfJoin.Result, columns: [String]) {
        let width = columns.count
        guard width > 0, join.trace.count > 0 else { return }
        for (column, name) in columns.enumerated() {
            let ages = (0..<join.trace.count).map { join.trace.timestamps[$0] - join.sampleTimes[$0 * width + column] }.sorted()
            sampleAgeSeconds[name] = SampleAge(
                median: EmpiricalQuantile.value(0.5, sorted: ages), p99: EmpiricalQuantile.value(0.99, sorted: ages),
                max: ages[ages.count - 1])
        }
    }
}
