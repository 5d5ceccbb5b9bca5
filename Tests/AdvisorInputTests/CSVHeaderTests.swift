import Testing

@testable import AdvisorInput

struct CSVHeaderTests {
    @Test func readsTrimmedUnquotedNamesAfterAByteOrderMark() throws {
        let (buffer, header) = try Fixtures.csv("\u{FEFF} time , \"op,code\",\"say \"\"hi\"\"\"\r\n1,2,3\r\n")
        #expect(header.names == ["time", "op,code", "say \"hi\""])
        #expect(header.dataStart == buffer.count - 7)
    }

    @Test func acceptsAHeaderWithoutData() throws {
        let (buffer, header) = try Fixtures.csv("a,b")
        #expect(header.names == ["a", "b"])
        #expect(header.dataStart == buffer.count)
    }

    @Test(arguments: ["\n1,2\n", "  \r\n1,2\n", "\u{FEFF}"])
    func rejectsABlankFirstLine(text: String) throws {
        let buffer = try InputBuffer.open(path: Fixtures.write(text))
        let error = Fixtures.inputError { _ = try CSVHeader(buffer: buffer) }
        #expect(error?.code == .missingHeader)
        #expect(error?.line == 1)
    }

    @Test func rejectsDuplicateNamesAtTheSecondOccurrence() throws {
        let buffer = try InputBuffer.open(path: Fixtures.write("a,b,a\n"))
        let error = Fixtures.inputError { _ = try CSVHeader(buffer: buffer) }
        #expect(error?.code == .duplicateColumn)
        #expect(error?.description == "\(buffer.path):1:3: column 'a' repeats column 1")
    }

    @Test func findsColumnsExactlyThenIgnoringCase() throws {
        let (_, header) = try Fixtures.csv("Time,time,Size\n")
        #expect(header.index(of: "time") == 1)
        #expect(header.index(of: "SIZE") == 2)
        #expect(header.index(of: "lbn") == nil)
        let error = Fixtures.inputError { _ = try header.require("lbn", file: "t.csv") }
        #expect(error?.code == .unknownColumn)
        #expect(error?.message == "no column named 'lbn'; available: Time, time, Size")
    }

    @Test func splitsOnAnotherDelimiter() throws {
        let buffer = try InputBuffer.open(path: Fixtures.write("a;b c;d\n"))
        #expect(try CSVHeader(buffer: buffer, delimiter: UInt8(ascii: ";")).names == ["a", "b c", "d"])
    }
}
