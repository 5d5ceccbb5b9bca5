import AdvisorInput

/// Reads `csv` and `libcachesim-csv` access traces: a header, then one request per row.
enum CSVAccessReader {
    /// The columns a request is read from; nil where the trace lacks the field.
    private struct Columns {
        var key: Int
        var time: Int?
        var size: Int?
        var op: Int?
    }

    /// Reads every row of a header CSV access trace.
    ///
    /// - Parameters:
    ///   - buffer: The file's bytes.
    ///   - mapping: Column names given by flags; they win over the header's names.
    ///   - libCacheSimLayout: Find columns by libCacheSim's names (`time`, `lbn`, `size`, `op`) rather than
    ///     by the canonical synonyms.
    ///   - progress: See `AccessCollector`.
    /// - Returns: The collected requests.
    /// - Throws: `InputError` naming file, line and column of a value it cannot accept.
    static func read(
        _ buffer: InputBuffer, mapping: ColumnMapping, libCacheSimLayout: Bool, progress: ((Double) -> Void)?
    ) throws(InputError) -> AccessCollector {
        let header = try CSVHeader(buffer: buffer)
        let file = buffer.path
        let columns = try libCacheSimLayout ? libCacheSimColumns(header, mapping, file) : canonicalColumns(header, mapping, file)
        var collector = AccessCollector(
            buffer: buffer, timestamps: columns.time != nil, operations: columns.op != nil, progress: progress)
        try CSVFields.forEachRow(buffer, header: header) { (row) throws(InputError) in
            let key = try CSVFields.key(row, columns.key, file: file)
            let time = try columns.time.map { (column) throws(InputError) in try row.double(column) } ?? 0
            let size = try columns.size.map { (column) throws(InputError) in try CSVFields.count(row, column, "size", file: file) } ?? 1
            var isWrite = false
            if let column = columns.op {
                guard let write = row.withField(column, OperationName.isCSVWrite) else {
                    throw InputError(
                        code: .unknownOperation, file: file, line: row.line, column: column + 1,
                        message: "unknown op '\(row.string(column))'; expected \(OperationName.csvNames)")
                }
                isWrite = write
            }
            try collector.append(key: key, size: size, time: time, isWrite: isWrite)
            collector.reached(row.byteOffset)
        }
        return collector
    }

    /// Columns named by flags, else found among the canonical synonyms (`ColumnMapping.synonyms`).
    private static func canonicalColumns(_ header: CSVHeader, _ mapping: ColumnMapping, _ file: String) throws(InputError) -> Columns {
        Columns(
            key: try mapping.resolve("key", given: mapping.key, in: header, file: file, required: true)!,
            time: try mapping.resolve("timestamp", given: mapping.timestamp, in: header, file: file, required: false),
            size: try mapping.resolve("size", given: mapping.size, in: header, file: file, required: false),
            op: try mapping.resolve("op", given: mapping.op, in: header, file: file, required: false))
    }

    /// Columns named by flags, else libCacheSim's `time`, `lbn`, `size` (all required) and `op` (optional).
    private static func libCacheSimColumns(_ header: CSVHeader, _ mapping: ColumnMapping, _ file: String) throws(InputError) -> Columns {
        let op = try mapping.op.map { (name) throws(InputError) in try header.require(name, file: file) } ?? header.index(of: "op")
        return Columns(
            key: try header.require(mapping.key ?? "lbn", file: file),
            time: try header.require(mapping.timestamp ?? "time", file: file),
            size: try header.require(mapping.size ?? "size", file: file),
            op: op)
    }
}
