import Dispatch

/// The fast numeric path used by `advisor fit` and `predict`: parses selected columns of every row into
/// row-major `Double` batches, with the file split into chunks parsed on all cores.
public enum NumericScan {
    /// Receives `(chunkIndex, values, rowCount)` with `rowCount × columns.count` values. It is called
    /// concurrently for different chunks but in file order within one chunk, and the values are valid
    /// only during the call. Batches before an error may already have been delivered when a scan throws.
    public typealias Sink = @Sendable (Int, UnsafeBufferPointer<Double>, Int) -> Void

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
    ///   - nonNegative: Positions in `columns` whose values must be ≥ 0, with what they are (for the message).
    ///   - chunkCount: How many blocks to split the data into (at least 1).
    ///   - batchRows: The most rows in one batch (at least 1).
    ///   - sink: Receives the batches; see `Sink`.
    /// - Throws: `InputError` for the first bad place in the file (the smallest byte offset), whatever the
    ///   chunking: `.raggedRow`, `.emptyField`, `.notANumber`, `.nonFinite` or `.outOfRange`, with line and column.
    public static func run(
        buffer: InputBuffer,
        header: CSVHeader,
        columns: [Int],
        nonNegative: [Int: String] = [:],
        chunkCount: Int,
        batchRows: Int = 4096,
        sink: Sink
    ) throws(InputError) {
        precondition(chunkCount >= 1 && batchRows >= 1, "chunkCount and batchRows must be positive")
        precondition(columns.allSatisfy { header.names.indices.contains($0) }, "column index out of range")
        let layout = ColumnLayout(columns: columns, fieldCount: header.names.count, nonNegative: nonNegative)
        try buffer.withBytes { (bytes) throws(InputError) in
            let base = bytes.bindMemory(to: UInt8.self).baseAddress!
            let blocks = Array(0..<chunkCount)
            let rows = RowWindow(
                base: base, start: header.dataStart, end: bytes.count, firstLine: buffer.lineNumber(ofOffset: header.dataStart))
            try parse(
                rows, blocks: blocks, layout: layout, delimiter: header.delimiter, batchRows: batchRows, path: buffer.path, sink: sink)
        }
    }

    /// Like `run(buffer:…)` for a compressed file too long to hold: `start` is its first bytes (the header
    /// among them) and `rest` the stream of the others, parsed window by window so that memory stays at
    /// `start` plus about two windows whatever the file's length. Chunk `i` holds the rows of the `i`-th
    /// share of the compressed bytes, so chunks stay time-ordered blocks.
    ///
    /// - Parameters:
    ///   - observe: Called with every content byte after `start`, in order (to fingerprint the content).
    ///   - windowBytes: The window's first size; it doubles for a line longer than it.
    /// - Returns: The number of content bytes, `start` included.
    /// - Throws: As `run(buffer:…)`, and what the decompressor throws.
    package static func run(
        start: InputBuffer,
        rest: CompressedInput,
        header: CSVHeader,
        columns: [Int],
        nonNegative: [Int: String] = [:],
        chunkCount: Int,
        windowBytes: Int = 16 << 20,
        batchRows: Int = 4096,
        observe: (UnsafeRawBufferPointer) -> Void,
        sink: Sink
    ) throws(InputError) -> Int {
        precondition(chunkCount >= 1 && batchRows >= 1 && windowBytes >= 1, "sizes must be positive")
        let layout = ColumnLayout(columns: columns, fieldCount: header.names.count, nonNegative: nonNegative)
        var reader = WindowReader(start: start, rest: rest, dataStart: header.dataStart, windowBytes: windowBytes)
        var fractionBefore = 0.0
        while let window = try reader.next(observe: observe) {
            // A window spanning several blocks' share of the compressed bytes is cut into one chunk per block.
            let fractionAfter = rest.consumedFraction
            let first = min(chunkCount - 1, Int(fractionBefore * Double(chunkCount)))
            let last = max(first, min(chunkCount - 1, Int(fractionAfter * Double(chunkCount))))
            try parse(
                window, blocks: Array(first...last), layout: layout, delimiter: header.delimiter, batchRows: batchRows,
                path: start.path, sink: sink)
            fractionBefore = fractionAfter
        }
        return reader.totalBytes
    }

    /// Parses a window's rows, one chunk per block, concurrently, throwing the window's first error.
    private static func parse(
        _ window: RowWindow, blocks: [Int], layout: ColumnLayout, delimiter: UInt8, batchRows: Int, path: String, sink: Sink
    ) throws(InputError) {
        let firstError = FirstErrorTracker()
        let bounds = chunkBounds(window.base, from: window.start, to: window.end, count: blocks.count)
        DispatchQueue.concurrentPerform(iterations: blocks.count) { chunk in
            let parser = NumericChunkParser(
                base: window.base, delimiter: delimiter, layout: layout, batchRows: batchRows, stop: firstError)
            defer { parser.deallocate() }
            let failure = parser.parse(from: bounds[chunk], to: bounds[chunk + 1]) { values, rows in
                sink(blocks[chunk], values, rows)
            }
            if let failure { firstError.record(failure) }
        }
        if let failure = firstError.first {
            throw failure.error(file: path, line: window.line(of: failure.lineStart))
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
