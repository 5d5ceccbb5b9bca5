import AdvisorSupport

/// Converts the calendar timestamps of recorded traces (`2023-11-16 18:15:46.6805900`) to seconds since 1970.
///
/// The public server-metric traces write times as `YYYY-MM-DD HH:MM:SS` with an optional fraction of any
/// length and no zone; they are read as UTC. Parsing is byte-level, with no `DateFormatter` and no
/// allocation, because the arrival traces have millions of rows.
public enum DateTimeParser {
    /// Parses `YYYY-MM-DD HH:MM:SS[.fraction]` (a `T` may separate date and time; a trailing `Z` is allowed),
    /// surrounded by optional blanks, as UTC.
    ///
    /// - Parameter bytes: The field's bytes.
    /// - Returns: Seconds since 1970-01-01 00:00:00 UTC, or nil when the text is not such a date and time or
    ///   names a day or time that does not exist (month 13, February 30, minute 60).
    public static func parseUTC(_ bytes: UnsafeRawBufferPointer) -> Double? {
        var text = bytes[...]
        while let first = text.first, first == CSVSyntax.space || first == CSVSyntax.tab { text = text.dropFirst() }
        while let last = text.last, last == CSVSyntax.space || last == CSVSyntax.tab { text = text.dropLast() }
        if text.last == UInt8(ascii: "Z") { text = text.dropLast() }
        // The fixed part is 19 bytes: 4-2-2, a separator, 2:2:2.
        guard text.count >= 19 else { return nil }
        let start = text.startIndex
        func number(_ offset: Int, _ width: Int) -> Int? {
            var value = 0
            for index in (start + offset)..<(start + offset + width) {
                let digit = text[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        func byte(_ offset: Int) -> UInt8 { text[start + offset] }
        guard byte(4) == UInt8(ascii: "-"), byte(7) == UInt8(ascii: "-"),
            byte(10) == CSVSyntax.space || byte(10) == UInt8(ascii: "T"),
            byte(13) == UInt8(ascii: ":"), byte(16) == UInt8(ascii: ":"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(month, year: year),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var fraction = 0.0
        if text.count > 19 {
            guard byte(19) == UInt8(ascii: "."), text.count > 20 else { return nil }
            var scale = 0.1
            for index in (start + 20)..<text.endIndex {
                let digit = text[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                fraction += Double(digit) * scale
                scale /= 10
            }
        }
        let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        return Double(days * 86_400 + hour * 3_600 + minute * 60 + second) + fraction
    }
}

extension CSVRow {
    /// Parses field `i` as a time in seconds since 1970: a decimal number of seconds, or a UTC date and time
    /// `YYYY-MM-DD HH:MM:SS[.fraction]` (see `DateTimeParser`).
    ///
    /// - Parameter i: The 0-based field index; must be less than `fieldCount`.
    /// - Returns: Seconds since 1970 (or since whatever origin a numeric column counts from).
    /// - Throws: `InputError` `.emptyField` or `.notANumber`, naming this row's line and field.
    public func seconds(_ i: Int) throws(InputError) -> Double {
        let parsed = withField(i) { bytes -> Double? in
            if case .success(let value) = DecimalParser.parse(bytes) { return value }
            return DateTimeParser.parseUTC(bytes)
        }
        if let parsed { return parsed }
        let text = string(i)
        guard text.contains(where: { $0 != " " && $0 != "\t" }) else {
            throw InputError(
                code: .emptyField, file: file, line: line, column: i + 1, message: "empty field; expected a time")
        }
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        throw InputError(
            code: .notANumber, file: file, line: line, column: i + 1,
            message: "'\(shown)' is not a time (seconds, or YYYY-MM-DD HH:MM:SS[.fraction] in UTC)")
    }
}
