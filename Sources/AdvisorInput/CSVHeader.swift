/// The column names on the first line of a CSV buffer, and where the data rows start.
///
/// Names are trimmed of surrounding blanks and have their quotes removed; a UTF-8 byte order mark
/// before the first name is skipped, and a `\r\n` line ending is handled.
public struct CSVHeader: Sendable, Equatable {
    /// The column names, in file order.
    public let names: [String]
    /// The byte offset of the first data row (the buffer's size when the file holds only a header).
    public let dataStart: Int
    /// The field separator the header was split with, which the data rows use too.
    public let delimiter: UInt8

    /// Reads the header line of a buffer.
    ///
    /// - Parameters:
    ///   - buffer: The file's bytes.
    ///   - delimiter: The field separator.
    /// - Throws: `InputError` `.missingHeader` when the first line is blank or ends in a bare carriage return,
    ///   `.duplicateColumn` when a name repeats (the column is the second occurrence).
    public init(buffer: InputBuffer, delimiter: UInt8 = UInt8(ascii: ",")) throws(InputError) {
        let (names, dataStart) = buffer.withBytes { bytes in
            Self.readNames(bytes.bindMemory(to: UInt8.self).baseAddress!, count: bytes.count, delimiter: delimiter)
        }
        guard let names else {
            throw InputError(
                code: .missingHeader, file: buffer.path, line: 1,
                message: "the first line is blank; expected column names")
        }
        // A CR that ends no line (old Mac line ends) makes the whole file one header line: say so rather
        // than report whatever that line's names happen to do.
        let bareCR = buffer.withBytes { bytes in
            bytes[..<dataStart].indices.first { index in
                bytes[index] == UInt8(ascii: "\r") && index + 1 < dataStart && bytes[index + 1] != UInt8(ascii: "\n")
            }
        }
        if bareCR != nil {
            throw InputError(
                code: .missingHeader, file: buffer.path, line: 1,
                message: "a line ends in a carriage return alone (old Mac line ends); convert it to LF or CRLF line ends")
        }
        var seen: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if let first = seen[name] {
                throw InputError(
                    code: .duplicateColumn, file: buffer.path, line: 1, column: index + 1,
                    message: "column '\(name)' repeats column \(first + 1)")
            }
            seen[name] = index
        }
        self.names = names
        self.dataStart = dataStart
        self.delimiter = delimiter
    }

    /// Finds a column by name: an exact match first, then a case-insensitive one.
    ///
    /// - Parameter name: The column name.
    /// - Returns: The 0-based column index, or nil when no column matches.
    public func index(of name: String) -> Int? {
        if let exact = names.firstIndex(of: name) { return exact }
        let lowered = name.lowercased()
        return names.firstIndex { $0.lowercased() == lowered }
    }

    /// Finds a column that must exist.
    ///
    /// - Parameters:
    ///   - name: The column name.
    ///   - file: The file to name in the error.
    /// - Returns: The 0-based column index.
    /// - Throws: `InputError` `.unknownColumn` listing the available names.
    public func require(_ name: String, file: String) throws(InputError) -> Int {
        guard let index = index(of: name) else {
            throw InputError(
                code: .unknownColumn, file: file, line: 1,
                message: "no column named '\(name)'; available: \(names.joined(separator: ", "))")
        }
        return index
    }

    /// Splits the first line into trimmed, unquoted names; nil names when the line is blank.
    private static func readNames(
        _ base: UnsafePointer<UInt8>,
        count: Int,
        delimiter: UInt8
    ) -> (names: [String]?, dataStart: Int) {
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let start = count >= 3 && (0..<3).allSatisfy { base[$0] == byteOrderMark[$0] } ? 3 : 0
        let lineEnd = CSVSyntax.lineEnd(base, from: start, to: count)
        let dataStart = min(lineEnd + 1, count)
        let end = CSVSyntax.contentEnd(base, lineStart: start, lineEnd: lineEnd)
        guard (start..<end).contains(where: { base[$0] != CSVSyntax.space && base[$0] != CSVSyntax.tab }) else {
            return (nil, dataStart)
        }
        var spans: [FieldSpan] = []
        CSVSyntax.splitFields(base, from: start, to: end, delimiter: delimiter, into: &spans)
        let names = spans.map { span in
            let raw = UnsafeRawBufferPointer(start: base + span.start, count: span.end - span.start)
            let bytes = span.hasEscapedQuotes ? CSVSyntax.unescape(raw) : Array(raw)
            return String(decoding: bytes, as: UTF8.self).trimmingBlanks()
        }
        return (names, dataStart)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate func trimmingBlanks() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
