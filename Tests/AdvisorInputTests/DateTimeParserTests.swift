import Foundation
import Testing

@testable import AdvisorInput

/// `DateTimeParser` against Foundation's Gregorian calendar, and its refusals.
struct DateTimeParserTests {
    static func parse(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBytes { DateTimeParser.parseUTC($0) }
    }

    /// The same instant computed by Foundation, as an independent reference.
    static func reference(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
        return date.timeIntervalSince1970
    }

    @Test(
        "calendar times in the traces' shapes agree with Foundation",
        arguments: [
            ("2023-11-16 18:15:46", 2023, 11, 16, 18, 15, 46),  // Azure LLM, without its fraction
            ("2014-04-10 00:04:00", 2014, 4, 10, 0, 4, 0),  // NAB
            ("1995-07-01 00:00:01", 1995, 7, 1, 0, 0, 1),
            ("2024-02-29 23:59:59", 2024, 2, 29, 23, 59, 59),  // leap day
            ("2000-03-01T00:00:00Z", 2000, 3, 1, 0, 0, 0),  // 400-year leap rule, ISO separator
            ("1969-12-31 23:59:59", 1969, 12, 31, 23, 59, 59),  // before the epoch
        ])
    func agreesWithFoundation(text: String, year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        #expect(Self.parse(text) == Self.reference(year, month, day, hour, minute, second))
    }

    @Test("a fraction of any length is added to the second")
    func fractions() throws {
        let whole = try #require(Self.parse("2023-11-16 18:15:46"))
        #expect(Self.parse("2023-11-16 18:15:46.6805900") == whole + 0.68059)
        #expect(Self.parse(" 2023-09-01 06:33:34.300 ") == Self.reference(2023, 9, 1, 6, 33, 34) + 0.3)
    }

    @Test(
        "days and times that do not exist, and other text, are refused",
        arguments: [
            "2023-02-29 00:00:00", "1900-02-29 00:00:00", "2023-13-01 00:00:00", "2023-04-31 00:00:00",
            "2023-01-01 24:00:00", "2023-01-01 00:60:00", "2023-01-01 00:00:60", "2023-01-01", "2023-01-01 00:00:00.",
            "2023-01-01 00:00:00.5x", "2023/01/01 00:00:00", "", "yesterday",
        ])
    func refusals(text: String) {
        #expect(Self.parse(text) == nil)
    }

    @Test("a CSV time field is seconds or a date-time; anything else names its line and column")
    func csvField() throws {
        let (buffer, header) = try Fixtures.csv("t,x\n12.5,1\n2014-04-10 00:04:00,2\n2014-04-10 25:00:00,3\n")
        var times: [Double] = []
        let failure = Fixtures.inputError {
            try CSVReader(buffer: buffer, header: header).forEachRow { row in times.append(try row.seconds(0)) }
        }
        #expect(times == [12.5, Self.reference(2014, 4, 10, 0, 4, 0)])
        let error = try #require(failure)
        #expect(error.code == .notANumber && error.line == 4 && error.column == 1)
    }
}
