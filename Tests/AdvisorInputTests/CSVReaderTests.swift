import Testing

@testable import AdvisorInput

struct CSVReaderTests {
    /// Every row's fields as strings, read through `CSVReader`.
    private func rows(_ text: String, header hasHeader: Bool = true) throws -> [[String]] {
        let buffer = try InputBuffer.open(path: Fixtures.write(text))
        let header = hasHeader ? try CSVHeader(buffer: buffer) : nil
        var rows: [[String]] = []
        try CSVReader(buffer: buffer, header: header).forEachRow { row in
            rows.append((0..<row.fieldCount).map { row.string($0) })
        }
        return rows
    }

    @Test func handlesCRLFBlankLinesAndAMissingFinalNewline() throws {
        #expect(try rows("a,b\r\n1,2\r\n\r\n\n3,4\n\n5,6") == [["1", "2"], ["3", "4"], ["5", "6"]])
    }

    @Test func unquotesFieldsWithDelimitersAndEscapedQuotes() throws {
        #expect(try rows("k,v\n\"a,b\",\"say \"\"x\"\"\"\n,\"\"\n") == [["a,b", "say \"x\""], ["", ""]])
    }

    @Test func readsWithoutAHeaderSkippingAByteOrderMark() throws {
        #expect(try rows("\u{FEFF}1 2,3\n4 5,6\n", header: false) == [["1 2", "3"], ["4 5", "6"]])
    }

    @Test func yieldsNothingForAHeaderOnlyFile() throws {
        #expect(try rows("a,b\n").isEmpty)
    }

    @Test func reportsRaggedRowsWithLineAndFirstMissingOrExtraColumn() throws {
        for (text, line, column) in [("a,b,c\n1,2,3\n\n1,2\n", 4, 3), ("a,b\r\n1,2\r\n1,2,3,4\r\n", 3, 3)] {
            let error = Fixtures.inputError { _ = try rows(text) }
            #expect(error?.code == .raggedRow)
            #expect(error?.line == line)
            #expect(error?.column == column)
        }
    }

    @Test func parsesNumbersAndNamesTheBadField() throws {
        let buffer = try InputBuffer.open(path: Fixtures.write("t,x,n\n1.5,-2,7\n\n2.5,abc,-9\n"))
        var values: [Double] = []
        var integers: [Int64] = []
        let error = Fixtures.inputError {
            try CSVReader(buffer: buffer, header: CSVHeader(buffer: buffer)).forEachRow { row in
                integers.append(try row.int64(2))
                values.append(try row.double(0))
                values.append(try row.double(1))
            }
        }
        #expect(values == [1.5, -2, 2.5])
        #expect(integers == [7, -9])
        #expect(
            error
                == InputError(
                    code: .notANumber, file: buffer.path, line: 4, column: 2, message: "'abc' is not a number"))
    }

    @Test func reportsEmptyAndNonFiniteFieldsAndIntegerOverflow() throws {
        let buffer = try InputBuffer.open(path: Fixtures.write("x,y\n ,NaN\n99999999999999999999,1\n"))
        var codes: [InputError.Code] = []
        try CSVReader(buffer: buffer, header: CSVHeader(buffer: buffer)).forEachRow { row in
            for field in 0..<2 {
                // `.unreadable` stands for "parsed without error" in this table.
                codes.append(Fixtures.inputError { _ = try row.double(field) }?.code ?? .unreadable)
                codes.append(Fixtures.inputError { _ = try row.int64(field) }?.code ?? .unreadable)
            }
        }
        #expect(
            codes == [
                .emptyField, .emptyField, .nonFinite, .notANumber, .unreadable, .notANumber, .unreadable, .unreadable,
            ])
    }
}
