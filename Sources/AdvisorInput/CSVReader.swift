/// Reads the rows of a CSV buffer one after the other, for the trace readers.
///
/// Blank lines are skipped, a final line without `\n` is read, and `\r\n` endings are accepted. Every row
/// must have as many fields as the header (or, without a header, as the first row).
public struct CSVReader {
    private let buffer: InputBuffer
    private let start: Int
    private let expectedFieldCount: Int?
    private let delimiter: UInt8

    /// Creates a reader over the data rows of a buffer.
    ///
    /// - Parameters:
    ///   - buffer: The file's bytes.
    ///   - header: The parsed header; the rows start after it. When nil, rows start at the first byte
    ///     (after a byte order mark) and the first row fixes the field count.
    ///   - delimiter: The field separator.
    public init(buffer: InputBuffer, header: CSVHeader?, delimiter: UInt8 = UInt8(ascii: ",")) {
        self.buffer = buffer
        self.delimiter = delimiter
        self.expectedFieldCount = header?.names.count
        if let header {
            start = header.dataStart
        } else {
            start = buffer.withBytes { $0.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0 }
        }
    }

    /// Calls `body` with every data row, in file order.
    ///
    /// - Parameter body: Handles one row; the row is valid only during the call. Throw to stop early.
    /// - Throws: `InputError` `.raggedRow` for a row with a different field count (its column is the first
    ///   missing or extra field), or whatever `body` throws.
    public func forEachRow(_ body: (borrowing CSVRow) throws -> Void) throws {
        var spans: [FieldSpan] = []
        var line = buffer.lineNumber(ofOffset: start)
        try buffer.withBytes { bytes in
            let base = bytes.bindMemory(to: UInt8.self).baseAddress!
            var row = CSVRow(
                bytes: bytes, fields: UnsafeBufferPointer(start: nil, count: 0), file: buffer.path, line: line)
            var expected = expectedFieldCount
            var lineStart = start
            while lineStart < bytes.count {
                let lineEnd = CSVSyntax.lineEnd(base, from: lineStart, to: bytes.count)
                let contentEnd = CSVSyntax.contentEnd(base, lineStart: lineStart, lineEnd: lineEnd)
                defer {
                    lineStart = lineEnd + 1
                    line += 1
                }
                if contentEnd == lineStart { continue }
                spans.removeAll(keepingCapacity: true)
                CSVSyntax.splitFields(base, from: lineStart, to: contentEnd, delimiter: delimiter, into: &spans)
                let count = expected ?? spans.count
                expected = count
                if spans.count != count {
                    throw InputError(
                        code: .raggedRow, file: buffer.path, line: line, column: min(spans.count, count) + 1,
                        message: "row has \(spans.count) fields; the header has \(count)")
                }
                try spans.withUnsafeBufferPointer { fields in
                    row.fields = fields
                    row.line = line
                    try body(row)
                }
            }
        }
    }
}
