public import AdvisorInput
import AdvisorTraces

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
        let series = try TimestampedValues.read(
            path: path, column: column, keepingTexts: true, choosing: "name the value column with --column")
        return TimeSeriesFile(
            path: path, column: series.column, timestampTexts: series.timestampTexts, times: series.times, values: series.values)
    }
}
