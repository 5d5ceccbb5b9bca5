public import AdvisorInput

/// A `timestamp,value` CSV (NAB's series among them) read in file order, keeping each row's timestamp text.
public struct TimeSeriesFile: Sendable {
    /// The file the series was read from.
    public var path: String
    /// The value column's name.
    public var column: String
    /// Each row's timestamp as written.
    public var timestampTexts: [String]
    /// Each row's time in seconds (UTC date-times or plain seconds).
    public var times: [Double]
    /// Each row's value.
    public var values: [Double]

    /// Reads the series.
    /// - Parameters:
    ///   - path: the CSV file (optionally compressed), with a header.
    ///   - column: the value column; when nil, `value`, or the only column besides `timestamp`.
    /// - Throws: `InputError` with file, line and column for an unknown column, a time or value it cannot read,
    ///   or a time earlier than the row before it.
    public static func read(path: String, column: String? = nil) throws(InputError) -> TimeSeriesFile {
        let buffer = try InputBuffer.open(path: path)
        let header = try CSVHeader(buffer: buffer)
        let timeColumn = try header.require("timestamp", file: path)
        let valueColumn: Int
        if let column {
            valueColumn = try header.require(column, file: path)
        } else if let named = header.index(of: "value") {
            valueColumn = named
        } else if header.names.count == 2 {
            valueColumn = 1 - timeColumn
        } else {
            throw InputError(
                code: .unknownColumn, file: path, line: 1,
                message: "no 'value' column among \(header.names); name the value column with --column")
        }
        var series = TimeSeriesFile(path: path, column: header.names[valueColumn], timestampTexts: [], times: [], values: [])
        do {
            try CSVReader(buffer: buffer, header: header).forEachRow { row in
                let time = try row.seconds(timeColumn)
                if let last = series.times.last, time < last {
                    throw InputError(
                        code: .outOfRange, file: path, line: row.line, column: timeColumn + 1,
                        message: "time \(row.string(timeColumn)) is earlier than the row before it; sort the series by time")
                }
                series.times.append(time)
                series.values.append(try row.double(valueColumn))
                series.timestampTexts.append(row.string(timeColumn))
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(code: .unreadable, file: path, message: "\(error)")
        }
        guard !series.times.isEmpty else {
            throw InputError(code: .emptyFile, file: path, message: "the series has a header but no rows")
        }
        return series
    }
}
