import AdvisorInput
import AdvisorSupport

/// Apache's log time, `dd/Mon/yyyy:HH:MM:SS ±hhmm`, as Unix seconds.
enum LogTime {
    /// Month abbreviations, lowercased and packed three bytes to an integer so a line is matched without allocating.
    private static let months: [UInt32] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .map { name in name.utf8.reduce(0) { $0 << 8 | UInt32($1) } }

    /// Parses the time between the brackets of a log line.
    ///
    /// - Parameters:
    ///   - line: The line.
    ///   - start: The first byte after `[`.
    ///   - end: The offset of `]`.
    ///   - file: The file to name in errors.
    /// - Returns: Seconds since 1970-01-01 00:00:00 UTC, the zone offset applied.
    /// - Throws: `InputError` `.notANumber` at the first byte that does not fit the pattern or a field out of range,
    ///   `.outOfRange` for a day its month does not have (31/Apr, 29/Feb/2015).
    static func unixSeconds(_ line: TextLine, from start: Int, to end: Int, file: String) throws(InputError) -> Double {
        var cursor = start
        func fail(_ at: Int) -> InputError {
            line.error(
                .notANumber, at: at, file: file,
                "'\(line.quote(start, end))' is not a log time like 17/May/2015:10:05:03 +0000")
        }
        func digits(_ count: Int, max limit: Int) throws(InputError) -> Int {
            var value = 0
            for _ in 0..<count {
                guard cursor < end, line.base[cursor] >= UInt8(ascii: "0"), line.base[cursor] <= UInt8(ascii: "9") else {
                    throw fail(cursor)
                }
                value = value * 10 + Int(line.base[cursor] - UInt8(ascii: "0"))
                cursor += 1
            }
            guard value <= limit else { throw fail(cursor - count) }
            return value
        }
        func expect(_ byte: UInt8) throws(InputError) {
            guard cursor < end, line.base[cursor] == byte else { throw fail(cursor) }
            cursor += 1
        }
        let day = try digits(2, max: 31)
        try expect(UInt8(ascii: "/"))
        guard cursor + 3 <= end else { throw fail(cursor) }
        let name = (0..<3).reduce(UInt32(0)) { $0 << 8 | UInt32(line.base[cursor + $1] | 0x20) }
        guard let monthIndex = months.firstIndex(of: name) else { throw fail(cursor) }
        cursor += 3
        try expect(UInt8(ascii: "/"))
        let year = try digits(4, max: 9999)
        try expect(UInt8(ascii: ":"))
        let hour = try digits(2, max: 23)
        try expect(UInt8(ascii: ":"))
        let minute = try digits(2, max: 59)
        try expect(UInt8(ascii: ":"))
        let second = try digits(2, max: 60)
        try expect(UInt8(ascii: " "))
        guard cursor < end, line.base[cursor] == UInt8(ascii: "+") || line.base[cursor] == UInt8(ascii: "-") else { throw fail(cursor) }
        let sign = line.base[cursor] == UInt8(ascii: "-") ? -1 : 1
        cursor += 1
        let zoneHours = try digits(2, max: 23)
        let zoneMinutes = try digits(2, max: 59)
        guard cursor == end else { throw fail(cursor) }
        // A day the month does not have (31/Apr, 29/Feb of 2015) is an error, not a date in the next month.
        guard day >= 1, day <= CivilDate.daysInMonth(monthIndex + 1, year: year) else {
            throw line.error(.outOfRange, at: start, file: file, "'\(line.quote(start, end))' names a day its month does not have")
        }
        let days = CivilDate.daysSinceEpoch(year: year, month: monthIndex + 1, day: day)
        let local = ((days * 24 + hour) * 60 + minute) * 60 + second
        return Double(local - sign * (zoneHours * 3600 + zoneMinutes * 60))
    }
}
