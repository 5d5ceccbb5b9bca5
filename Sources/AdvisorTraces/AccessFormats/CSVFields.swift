import AdvisorInput

/// Row iteration and field conversions shared by the CSV-based access readers.
enum CSVFields {
    /// Calls `body` with every data row, in file order, with the reader's and the body's errors typed.
    ///
    /// - Parameters:
    ///   - buffer: The file's bytes.
    ///   - header: The parsed header, or nil for a file without one (the first row fixes the field count).
    ///   - body: Handles one row; the row is valid only during the call.
    /// - Throws: `InputError` `.raggedRow` for a row with a different field count, or what `body` throws.
    static func forEachRow(
        _ buffer: InputBuffer, header: CSVHeader?, _ body: (borrowing CSVRow) throws(InputError) -> Void
    ) throws(InputError) {
        do {
            try CSVReader(buffer: buffer, header: header).forEachRow(body)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(code: .unreadable, file: buffer.path, message: "\(error)")
        }
    }

    /// The key in field `column` (see `TextKey`).
    ///
    /// - Throws: `InputError` `.emptyField` when the field is empty.
    @inline(__always)
    static func key(_ row: borrowing CSVRow, _ column: Int, file: String) throws(InputError) -> UInt64 {
        let key = row.withField(column) { $0.isEmpty ? nil : TextKey.key($0) }
        guard let key else {
            throw InputError(code: .emptyField, file: file, line: row.line, column: column + 1, message: "empty key")
        }
        return key
    }

    /// A non-negative count in field `column`, rounded to an integer and capped at `UInt32.max`.
    ///
    /// - Parameter what: The field's name for the message ("size", "op_count").
    /// - Throws: `InputError` for a field that is not a number, and `.outOfRange` for a negative one.
    @inline(__always)
    static func count(_ row: borrowing CSVRow, _ column: Int, _ what: String, file: String) throws(InputError) -> UInt32 {
        let value = try row.double(column)
        guard value >= 0 else {
            throw InputError(
                code: .outOfRange, file: file, line: row.line, column: column + 1,
                message: "\(what) \(value) is negative")
        }
        return saturated(value)
    }

    /// `value` rounded and capped at `UInt32.max`: sizes past 4 GiB are kept as 4 GiB rather than refused.
    @inline(__always)
    static func saturated(_ value: Double) -> UInt32 {
        value >= Double(UInt32.max) ? .max : UInt32(max(value, 0).rounded())
    }
}
