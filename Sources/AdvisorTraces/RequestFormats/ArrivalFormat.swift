public import AdvisorInput

/// The shapes of recorded arrival processes advisor reads into an `ArrivalTrace`, named as
/// `advisor convert --format` spells them. Several input files are merged into one stream by time.
public enum ArrivalFormat: String, CaseIterable, Sendable {
    /// CSV `timestamp[,work…]`: a time column (seconds or UTC date-times) and numeric work columns.
    case arrivals
    /// Azure LLM inference 2023: `TIMESTAMP,ContextTokens,GeneratedTokens`, one row per request (UTC).
    case azureLLM = "azure-llm"
    /// NASA HTTP 1995: requests per one-second bin, space-separated on one line.
    case nasa

    /// What one arrival is in this format, for help texts and reports.
    public var arrivalMeaning: String {
        switch self {
        case .arrivals: "one row of the CSV"
        case .azureLLM: "one LLM inference request at its UTC timestamp, with its prompt (context) and generated token counts"
        case .nasa:
            "one HTTP request; the log keeps only per-second counts, so the k requests of second s are spread evenly "
                + "at s + (j + 0.5)/k, j = 0…k−1; time 0 is the first second of the log"
        }
    }

    /// Reads the inputs into one arrival stream, sorted by time.
    /// - Parameters:
    ///   - inputs: The files (folders already expanded).
    ///   - progress: Receives one line per file read.
    /// - Returns: The arrivals and a report of what was read.
    /// - Throws: `InputError` naming file, line and column of what could not be read.
    public func read(_ inputs: InputFiles, progress: ProgressHandler? = nil) throws(InputError) -> (
        trace: ArrivalTrace, report: ConversionReport
    ) {
        var trace = ArrivalTrace()
        var records = 0
        for (number, path) in inputs.paths.enumerated() {
            progress?("reading arrivals (\(number + 1)/\(inputs.paths.count)) \(path)")
            let buffer = try InputBuffer.open(path: path)
            switch self {
            case .arrivals: records += try Self.readCSV(buffer, into: &trace, requiredWork: [])
            case .azureLLM: records += try Self.readCSV(buffer, into: &trace, requiredWork: ["ContextTokens", "GeneratedTokens"])
            case .nasa: records += try Self.readPerSecondCounts(buffer, into: &trace)
            }
        }
        trace.sortByTime()
        guard trace.count > 0 else {
            throw InputError(code: .emptyFile, file: inputs.paths.joined(separator: ", "), message: "no arrivals in the inputs")
        }
        var report = ConversionReport(
            format: rawValue, inputs: inputs.paths, recordsRead: records, rows: trace.count,
            timeRange: [trace.timestamps[0], trace.timestamps[trace.count - 1]], columns: trace.csvColumns)
        report.notes = ["an arrival is " + arrivalMeaning]
        if inputs.paths.count > 1 { report.notes.append("\(inputs.paths.count) files were merged into one stream by time") }
        return (trace, report)
    }

    /// Reads a CSV with a time column and numeric work columns; returns the rows read.
    ///
    /// Work columns are every column besides the time whose first value is a number; `requiredWork` must be
    /// among them. `azure-llm` names them in snake_case (`context_tokens`); `arrivals` keeps the header's names.
    private static func readCSV(_ buffer: InputBuffer, into trace: inout ArrivalTrace, requiredWork: [String]) throws(InputError) -> Int {
        let file = buffer.path
        let header = try CSVHeader(buffer: buffer)
        let timeColumn = try ColumnMapping().resolve("timestamp", given: nil, in: header, file: file, required: true)!
        for name in requiredWork { _ = try header.require(name, file: file) }
        let firstRow = try firstRowValues(buffer, header)
        let workColumns = firstRow.indices.filter { $0 != timeColumn && firstRow[$0] != nil }
        let names = workColumns.map { requiredWork.isEmpty ? header.names[$0] : ColumnName.snakeCase(header.names[$0]) }
        if trace.count == 0 {
            trace.workNames = names
        } else if names != trace.workNames {
            throw InputError(
                code: .unknownColumn, file: file, line: 1,
                message: "the work columns \(names) differ from the first file's \(trace.workNames); files merge only when they match")
        }
        var rows = 0
        do {
            try CSVReader(buffer: buffer, header: header).forEachRow { row in
                rows += 1
                trace.timestamps.append(try row.seconds(timeColumn))
                for column in workColumns {
                    let value = try row.double(column)
                    guard value >= 0 else {
                        throw InputError(
                            code: .notANumber, file: file, line: row.line, column: column + 1,
                            message: "work cannot be negative (\(value))")
                    }
                    trace.work.append(value)
                }
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(code: .unreadable, file: file, message: "\(error)")
        }
        return rows
    }

    /// Reads whitespace-separated per-second request counts; returns the seconds read.
    private static func readPerSecondCounts(_ buffer: InputBuffer, into trace: inout ArrivalTrace) throws(InputError) -> Int {
        guard trace.workNames.isEmpty else {
            throw InputError(
                code: .unexpectedFile, file: buffer.path,
                message: "per-second counts carry no work columns; they cannot merge with \(trace.workNames)")
        }
        let isBlank = { (byte: UInt8) in
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
        }
        var second = 0
        var failure: InputError?
        let budget = ExpansionBudget(fileBytes: buffer.count)
        var requests = 0
        buffer.withBytes { bytes in
            var line = 1
            var column = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if isBlank(byte) {
                    if byte == UInt8(ascii: "\n") {
                        line += 1
                        column = 0
                    }
                    index += 1
                    continue
                }
                column += 1
                var count = 0
                let start = index
                while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
                    count = count &* 10 &+ Int(bytes[index] &- UInt8(ascii: "0"))
                    index += 1
                }
                let atSeparator = index == bytes.count || isBlank(bytes[index])
                // Nine digits bound a count far above any recorded per-second load, and keep the sum from overflowing.
                guard index > start, index - start <= 9, atSeparator else {
                    var end = index
                    while end < bytes.count, end - start < 40, !isBlank(bytes[end]) { end += 1 }
                    let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<max(end, start + 1)]), as: UTF8.self)
                    failure = InputError(
                        code: .notANumber, file: buffer.path, line: line, column: column,
                        message: "'\(text)' is not a request count (a non-negative integer)")
                    return
                }
                requests += count
                if let problem = budget.problem(requests) {
                    failure = InputError(code: .tooLarge, file: buffer.path, line: line, column: column, message: problem)
                    return
                }
                for arrival in 0..<count {
                    trace.timestamps.append(Double(second) + (Double(arrival) + 0.5) / Double(count))
                }
                second += 1
            }
        }
        if let failure { throw failure }
        return second
    }
}
