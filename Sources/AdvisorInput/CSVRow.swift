/// One row of a CSV buffer, as a view of its fields.
///
/// A row is only valid inside the `CSVReader.forEachRow` callback that lends it; it is non-copyable so it
/// cannot outlive the bytes it points into.
public struct CSVRow: ~Copyable {
    /// The whole buffer's bytes.
    let bytes: UnsafeRawBufferPointer
    /// The fields of this row; points into the reader's reusable span storage.
    var fields: UnsafeBufferPointer<FieldSpan>
    /// The file to name in errors.
    let file: String
    /// The 1-based line of this row in the file.
    public internal(set) var line: Int

    /// The number of fields in the row.
    public var fieldCount: Int { fields.count }

    /// The byte offset of the row's first field in the buffer, for progress reports.
    public var byteOffset: Int { fields.first?.start ?? 0 }

    /// Calls `body` with the content bytes of field `i` (quotes removed, `""` unescaped).
    ///
    /// - Parameters:
    ///   - i: The 0-based field index; must be less than `fieldCount`.
    ///   - body: Reads the bytes; must not let the pointer escape.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    public func withField<R, E: Error>(_ i: Int, _ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let span = fields[i]
        let raw = UnsafeRawBufferPointer(rebasing: bytes[span.start..<span.end])
        guard span.hasEscapedQuotes else { return try body(raw) }
        let unescaped = CSVSyntax.unescape(raw)
        // `Array.withUnsafeBytes` only rethrows untyped errors, so carry the typed one out in a Result.
        let result = unescaped.withUnsafeBytes { content in Result { () throws(E) -> R in try body(content) } }
        return try result.get()
    }

    /// Parses field `i` as a finite decimal number with `DecimalParser`.
    ///
    /// - Parameter i: The 0-based field index; must be less than `fieldCount`.
    /// - Returns: The value.
    /// - Throws: `InputError` `.emptyField`, `.notANumber` or `.nonFinite`, naming this row's line and field.
    public func double(_ i: Int) throws(InputError) -> Double {
        let result = withField(i) { DecimalParser.parse($0) }
        switch result {
        case .success(let value): return value
        case .failure(let failure): throw error(failure.inputCode, field: i, expected: "a number")
        }
    }

    /// Parses field `i` as a decimal integer: optional blanks, an optional sign, then digits.
    ///
    /// - Parameter i: The 0-based field index; must be less than `fieldCount`.
    /// - Returns: The value.
    /// - Throws: `InputError` `.emptyField`, or `.notANumber` when the field is not an integer or does not
    ///   fit in 64 bits.
    public func int64(_ i: Int) throws(InputError) -> Int64 {
        let (isBlank, value) = withField(i) { field -> (Bool, Int64?) in
            let isBlankByte = { (byte: UInt8) in byte == CSVSyntax.space || byte == CSVSyntax.tab }
            guard let first = field.firstIndex(where: { !isBlankByte($0) }) else { return (true, nil) }
            let last = field.lastIndex(where: { !isBlankByte($0) })!
            return (false, Int64(String(decoding: field[first...last], as: UTF8.self), radix: 10))
        }
        if let value { return value }
        throw isBlank
            ? error(.emptyField, field: i, expected: "an integer")
            : error(.notANumber, field: i, expected: "a 64-bit integer")
    }

    /// Field `i` decoded as UTF-8 (quotes removed, `""` unescaped, blanks kept).
    ///
    /// - Parameter i: The 0-based field index; must be less than `fieldCount`.
    /// - Returns: The field's text.
    public func string(_ i: Int) -> String {
        withField(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// An error about field `i` of this row, quoting (a prefix of) the field.
    private func error(_ code: InputError.Code, field i: Int, expected: String) -> InputError {
        let text = string(i)
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        let message = code == .emptyField ? "empty field; expected \(expected)" : "'\(shown)' is not \(expected)"
        return InputError(code: code, file: file, line: line, column: i + 1, message: message)
    }
}

extension DecimalParser.Failure {
    /// The input error code reported for this failure.
    var inputCode: InputError.Code {
        switch self {
        case .empty: .emptyField
        case .notANumber: .notANumber
        case .nonFinite: .nonFinite
        }
    }
}
