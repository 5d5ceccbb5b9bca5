package import AdvisorInput

/// One value column of a `timestamp,value` CSV, read in file order: the single reader behind
/// `MetricSeries` (server metrics joined to requests) and `advisor detect` (`TimeSeriesFile`).
package struct TimestampedValues: Sendable {
    /// The value column's name.
    package var column: String
    /// Each row's timestamp as written; empty unless asked for.
    package var timestampTexts: [String] = []
    /// Each row's time in seconds (UTC date-times or plain seconds), never decreasing.
    package var times: [Double] = []
    /// Each row's value.
    package var values: [Double] = []

    /// Reads the series.
    /// - Parameters:
    ///   - path: the CSV file (optionally compressed), with a header.
    ///   - column: the value column; when nil, `value`, or the only column besides the time.
    ///   - keepingTexts: whether to keep each timestamp as written (for output that echoes it).
    ///   - choosing: how the caller lets a user name another column, for the error when none is found.
    /// - Throws: `InputError` with file, line and column for an unknown column, a time or value it cannot
    ///   read, a time earlier than the row before it, or no rows.
    package static func read(
        path: String, column: String?, keepingTexts: Bool, choosing: String
    ) throws(InputError) -> TimestampedValues {
        let buffer = try InputBuffer.open(path: path)
        let header = try CSVHeader(buffer: buffer)
        let timeColumn = try ColumnMapping().resolve("timestamp", given: nil, in: header, file: path, required: true)!
        let valueColumn: Int
        if let column {
            valueColumn = try header.require(column, file: path)
        } else if let named = header.index(of: "value") {
            valueColumn = named
        } else if header.names.count == 2 {
            valueColumn = 1 - timeColumn
        } else {
            throw InputError(
                code: .unknownColumn, file: path, line: 1, message: "no 'value' column among \(header.names); \(choosing)")
        }
        var series = TimestampedValues(column: header.names[valueColumn])
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
                if keepingTexts { series.timestampTexts.append(row.string(timeColumn)) }
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
