import Dispatch

/// The fast numeric path used by `advisor fit` and `predict`: parses selected columns of every row into
/// row-major `Double` batches, with the file split into chunks parsed on all cores.
public enum NumericScan {
    /// Parses the selected columns of every data row, in concurrent chunks, into row-major batches.
    ///
    /// The data region is split into `chunkCount` contiguous byte ranges at line boundaries, so chunk `i`
    /// precedes chunk `i + 1` in file order (chunks are time-ordered blocks). Chunks are parsed concurrently
    /// with `DispatchQueue.concurrentPerform`, which runs at most as many at once as there are active cores.
    /// Blank lines are skipped. Quoted fields are skipped correctly in unselected columns but are not numbers.
    ///
    /// - Parameters:
    ///   - buffer: The file's bytes.
    ///   - header: The file's header; fixes the field count and the delimiter.
    ///   - columns: The 0-based columns to read; each batch row holds their values in this order.
    ///   - chunkCount: How many blocks to split the data into (at least 1).
    ///   - batchRows: The most rows in one batch (at least 1).
    ///   - sink: Receives `(chunkIndex, values, rowCount)` with `rowCount × columns.count` values. It is called
    ///     concurrently for different chunks but in file order within one chunk, and the values are valid
    ///     only during the call. Batches before an error may already have been delivered when this throws.
    /// - Throws: `InputError` for the first bad place in the file (the smallest byte offset), whatever the
    ///   chunking: `.raggedRow`, `.emptyField`, `.notANumber` or `.nonFinite`, with line and column.
    public static func run(
        buffer: InputBuffer,
        header: CSVHeader,
        columns: [Int],
        chunkCount: Int,
        batchRows: Int = 4096,
        sink: @Sendable (Int, UnsafeBufferPointer<Double>, Int) -> Void
    ) throws(InputError) {
        precondition(chunkCount >= 1 && batchRows >= 1, "chunkCount and batchRows must be positive")
        precondition(columns.allSatisfy { header.names.indices.contains($0) }, "column index out of range")
        let layout = ColumnLayout(columns: columns, fieldCount: header.names.count)
        let firstError = FirstErrorTracker()
        let bounds = buffer.withBytes { bytes in
            chunkBounds(
                bytes.bindMemory(to: UInt8.self).baseAddress!, from: header.dataStart, to: bytes.count,
                count: chunkCount)
        }
        let delimiter = header.delimiter
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            buffer.withBytes { bytes in
                let parser = NumericChunkParser(
                    base: bytes.bindMemory(to: UInt8.self).baseAddress!, delimiter: delimiter, layout: layout,
                    batchRows: batchRows, stop: firstError)
                defer { parser.deallocate() }
                let failure = parser.parse(from: bounds[chunk], to: bounds[chunk + 1]) { values, rows in
                    sink(chunk, values, rows)
                }
                if let failure { firstError.record(failure) }
            }
        }
        if let failure = firstError.first {
            throw failure.error(file: buffer.path, line: buffer.lineNumber(ofOffset: failure.lineStart))
        }
    }

    /// Chunk start offsets plus the end: `count + 1` non-decreasing offsets, each at a line start.
    private static func chunkBounds(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, count: Int) -> [Int] {
        var bounds = [start]
        for chunk in 1..<count {
            let nominal = start + (end - start) * chunk / count
            // The first line start at or after `nominal`: a nominal offset that already starts a line stays.
            let lineStart = nominal == start ? start : min(CSVSyntax.lineEnd(base, from: nominal - 1, to: end) + 1, end)
            bounds.append(max(lineStart, bounds[chunk - 1]))
        }
        bounds.append(end)
        return bounds
    }
}
