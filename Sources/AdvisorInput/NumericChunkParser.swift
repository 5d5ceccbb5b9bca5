/// Parses one chunk of rows for `NumericScan`: splits and converts each row in a single pass over its bytes.
///
/// Owns its batch storage; call `deallocate()` when done.
struct NumericChunkParser {
    private let base: UnsafePointer<UInt8>
    private let delimiter: UInt8
    private let layout: ColumnLayout
    private let batchRows: Int
    private let stop: FirstErrorTracker
    private let batch: UnsafeMutableBufferPointer<Double>

    init(base: UnsafePointer<UInt8>, delimiter: UInt8, layout: ColumnLayout, batchRows: Int, stop: FirstErrorTracker) {
        self.base = base
        self.delimiter = delimiter
        self.layout = layout
        self.batchRows = batchRows
        self.stop = stop
        batch = .allocate(capacity: max(batchRows * layout.width, 1))
    }

    func deallocate() {
        batch.deallocate()
    }

    /// Parses the rows in `[start, end)`, delivering full batches as they fill and the last partial one.
    ///
    /// - Parameters:
    ///   - start: The first byte of the chunk (a line start).
    ///   - end: The end of the chunk (a line start or the end of the buffer).
    ///   - deliver: Receives `(values, rowCount)` for each batch, in order.
    /// - Returns: The first failure in the chunk, or nil when every row parsed (or an earlier failure in
    ///   another chunk made the rest irrelevant).
    func parse(from start: Int, to end: Int, deliver: (UnsafeBufferPointer<Double>, Int) -> Void) -> ScanFailure? {
        let slots = layout.slotOfField
        let fieldCount = slots.count
        let width = layout.width
        let delimiter = self.delimiter
        let base = self.base
        var rowsInBatch = 0
        var position = start
        func flush() {
            deliver(UnsafeBufferPointer(rebasing: batch[..<(rowsInBatch * width)]), rowsInBatch)
            rowsInBatch = 0
        }
        return slots.withUnsafeBufferPointer { slots -> ScanFailure? in
            while position < end {
                let lineStart = position
                if base[position] == CSVSyntax.newline {
                    position += 1
                    continue
                }
                if base[position] == CSVSyntax.carriageReturn,
                    position + 1 == end || base[position + 1] == CSVSyntax.newline
                {
                    position += 2
                    continue
                }
                let row = batch.baseAddress! + rowsInBatch * width
                var field = 0
                // Each pass consumes one field and the delimiter after it; the loop ends at the row's end.
                while true {
                    guard field < fieldCount else {
                        return failure(
                            .raggedRow, at: position, lineStart: lineStart, column: fieldCount + 1,
                            "row has more than the header's \(fieldCount) fields")
                    }
                    let slot = slots[field]
                    if slot >= 0 {
                        let number = DecimalParser.scanPrefix(base, from: position, to: end)
                        var after = number.stop
                        while after < end, base[after] == CSVSyntax.space || base[after] == CSVSyntax.tab { after += 1 }
                        let atRowEnd =
                            after == end || base[after] == CSVSyntax.newline
                            || (base[after] == CSVSyntax.carriageReturn
                                && (after + 1 == end || base[after + 1] == CSVSyntax.newline))
                        guard atRowEnd || base[after] == delimiter else {
                            return failure(
                                .notANumber, at: position, lineStart: lineStart, column: field + 1,
                                "'\(fieldText(from: position, to: end))' is not a number")
                        }
                        switch number.kind {
                        case .number:
                            row[slot] = number.value
                        case .nothing:
                            return failure(
                                .emptyField, at: position, lineStart: lineStart, column: field + 1,
                                "empty field; expected a number")
                        case .nonFinite:
                            return failure(
                                .nonFinite, at: position, lineStart: lineStart, column: field + 1,
                                "'\(fieldText(from: position, to: end))' is not a finite number")
                        }
                        field += 1
                        if atRowEnd {
                            position = after
                            break
                        }
                        position = after + 1
                    } else {
                        position = skipField(from: position, to: end)
                        field += 1
                        guard position < end, base[position] == delimiter else { break }
                        position += 1
                    }
                }
                guard field == fieldCount else {
                    return failure(
                        .raggedRow, at: position, lineStart: lineStart, column: field + 1,
                        "row has \(field) fields; the header has \(fieldCount)")
                }
                // `position` is at the row's `\r`, `\n` or the chunk end: step past the terminator.
                if position < end, base[position] == CSVSyntax.carriageReturn { position += 1 }
                position += 1
                for duplicate in layout.duplicates { row[duplicate.to] = row[duplicate.from] }
                for column in layout.nonNegative where !(row[column.slot] >= 0) {
                    return failure(
                        .outOfRange, at: lineStart, lineStart: lineStart, column: column.field + 1,
                        "\(column.what) must be ≥ 0, not \(row[column.slot])")
                }
                rowsInBatch += 1
                if rowsInBatch == batchRows {
                    flush()
                    if stop.canStop(at: position) { return nil }
                }
            }
            if rowsInBatch > 0 { flush() }
            return nil
        }
    }

    /// Returns the offset of the delimiter or line end (`\n`, or the chunk end) after an unselected field.
    @inline(__always)
    private func skipField(from start: Int, to end: Int) -> Int {
        var position = start
        while position < end, base[position] == CSVSyntax.space || base[position] == CSVSyntax.tab { position += 1 }
        if position < end, base[position] == CSVSyntax.quote {
            // Skip to the closing quote so a delimiter inside quotes does not split the field.
            position += 1
            while position < end, base[position] != CSVSyntax.newline {
                if base[position] == CSVSyntax.quote {
                    if position + 1 < end, base[position + 1] == CSVSyntax.quote {
                        position += 2
                        continue
                    }
                    break
                }
                position += 1
            }
        }
        while position < end, base[position] != delimiter, base[position] != CSVSyntax.newline { position += 1 }
        return position
    }

    /// The text of the field starting at `start` (up to 40 bytes), for error messages.
    private func fieldText(from start: Int, to end: Int) -> String {
        var stop = start
        while stop < end, stop - start < 40, base[stop] != delimiter, base[stop] != CSVSyntax.newline,
            base[stop] != CSVSyntax.carriageReturn
        {
            stop += 1
        }
        return String(decoding: UnsafeBufferPointer(start: base + start, count: stop - start), as: UTF8.self)
    }

    private func failure(
        _ code: InputError.Code, at offset: Int, lineStart: Int, column: Int, _ message: String
    ) -> ScanFailure {
        ScanFailure(code: code, offset: offset, lineStart: lineStart, column: column, message: message)
    }
}
