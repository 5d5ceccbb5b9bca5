import AdvisorTestSupport
import Synchronization
import Testing

@testable import AdvisorInput

struct NumericScanTests {
    /// Rows of the selected columns, reassembled in file order.
    private func scan(_ buffer: InputBuffer, _ header: CSVHeader, columns: [Int], chunks: Int, batchRows: Int = 4096)
        throws(InputError) -> [[Double]]
    {
        let collector = BatchCollector()
        try NumericScan.run(
            buffer: buffer, header: header, columns: columns, chunkCount: chunks, batchRows: batchRows,
            sink: collector.sink(width: columns.count))
        return collector.rows
    }

    @Test func readsSelectedColumnsInTheRequestedOrder() throws {
        let (buffer, header) = try Fixtures.csv("a,name,b,c\r\n1,\"x,y\",2.5,3\r\n\r\n 4 ,\"q\"\"\",5e1,-6\r\n7,z,8,9")
        #expect(
            try scan(buffer, header, columns: [2, 0, 3, 0], chunks: 1) == [
                [2.5, 1, 3, 1], [50, 4, -6, 4], [8, 7, 9, 7],
            ])
    }

    @Test func yieldsNothingForAHeaderOnlyFile() throws {
        let (buffer, header) = try Fixtures.csv("a,b\n")
        #expect(try scan(buffer, header, columns: [0, 1], chunks: 3).isEmpty)
    }

    @Test func givesTheSameRowsForAnyChunkingAndBatchSize() throws {
        var random = SeededGenerator(seed: 99)
        var text = "x,y,label,z\n"
        for row in 0..<5_000 {
            let x = Double(Int.random(in: -1_000_000...1_000_000, using: &random)) / 997
            text += "\(x),\(row),k\(row % 7),\(Double(bitPattern: random.next() >> 2))\n"
            if row % 50 == 0 { text += "\n" }
        }
        let (buffer, header) = try Fixtures.csv(text)
        let single = try scan(buffer, header, columns: [3, 0, 1], chunks: 1)
        #expect(single.count == 5_000)
        #expect(single.map { $0[2] } == (0..<5_000).map(Double.init))
        for (chunks, batchRows) in [(7, 4096), (7, 1), (64, 33), (2, 100)] {
            let other = try scan(buffer, header, columns: [3, 0, 1], chunks: chunks, batchRows: batchRows)
            #expect(other.count == single.count)
            #expect(zip(other, single).allSatisfy { $0.map(\.bitPattern) == $1.map(\.bitPattern) })
        }
    }

    @Test func reportsTheFirstErrorInTheFileWhateverTheChunking() throws {
        var text = "a,b,c\n"
        for row in 0..<3_000 {
            switch row {
            case 1_234: text += "1,2\n"  // line 1236: the first bad row
            case 2_000: text += "1,x,3\n"
            case 2_900: text += "1,,3\n"
            default: text += "\(row),\(row * 2),\(row * 3)\n"
            }
        }
        let (buffer, header) = try Fixtures.csv(text)
        for chunks in [1, 2, 7, 50] {
            for _ in 0..<3 {
                let error = Fixtures.inputError {
                    _ = try scan(buffer, header, columns: [0, 2], chunks: chunks, batchRows: 16)
                }
                #expect(error?.code == .raggedRow)
                #expect(error?.line == 1_236)
                #expect(error?.column == 3)
            }
        }
    }

    @Test(arguments: [
        ("a,b\n1,2\n3,x\n", InputError.Code.notANumber, 3, 2), ("a,b\n1,2\n3,\n", .emptyField, 3, 2),
        ("a,b\n1,inf\n", .nonFinite, 2, 2), ("a,b\n1,NaN\r\n", .nonFinite, 2, 2), ("a,b\n1,2,3\n", .raggedRow, 2, 3),
        ("a,b\n\"1\",2\n", .notANumber, 2, 1), ("a,b\n1,2e\n", .notANumber, 2, 2),
        ("a,b\n1,2\n\n4\n", .raggedRow, 4, 2),
        ("a,b\n1,2 3\n", .notANumber, 2, 2), ("a,b\n1,2\r3\n", .notANumber, 2, 2),
    ])
    func namesTheLineAndColumnOfABadField(text: String, code: InputError.Code, line: Int, column: Int) throws {
        let (buffer, header) = try Fixtures.csv(text)
        let error = Fixtures.inputError { _ = try scan(buffer, header, columns: [0, 1], chunks: 2) }
        #expect(error?.code == code)
        #expect(error?.file == buffer.path)
        #expect(error?.line == line)
        #expect(error?.column == column)
    }

    @Test func skipsQuotedAndTextFieldsItDoesNotRead() throws {
        let (buffer, header) = try Fixtures.csv("n,s,m\n1,\"a,\"\"b\"\",c\",2\n3,plain text,4\n")
        #expect(try scan(buffer, header, columns: [2, 0], chunks: 1) == [[2, 1], [4, 3]])
    }
}
