public import AdvisorInput

/// An access trace in memory: one entry per request, in file order.
public struct AccessTrace: Sendable {
    /// Seconds, when the trace has a timestamp column.
    public var timestamps: [Double]?
    /// A 64-bit hash of each key's bytes (FNV-1a), so keys of any type cost 8 bytes.
    public var keys: [UInt64]
    /// Object size in bytes; 1 when the trace has no sizes.
    public var sizes: [Double]
    /// Whether the request writes the object.
    public var writes: [Bool]

    /// Number of requests.
    public var count: Int { keys.count }

    /// Reads a canonical access trace (any column order, header-driven).
    /// - Throws: `InputError` naming file, line and column of a value it cannot accept.
    public static func read(_ buffer: InputBuffer, mapping: ColumnMapping) throws(InputError) -> AccessTrace {
        let header = try CSVHeader(buffer: buffer)
        let file = buffer.path
        let keyColumn = try mapping.resolve("key", given: mapping.key, in: header, file: file, required: true)!
        let timeColumn = try mapping.resolve("timestamp", given: mapping.timestamp, in: header, file: file, required: false)
        let sizeColumn = try mapping.resolve("size", given: mapping.size, in: header, file: file, required: false)
        let opColumn = try mapping.resolve("op", given: mapping.op, in: header, file: file, required: false)
        var trace = AccessTrace(timestamps: timeColumn == nil ? nil : [], keys: [], sizes: [], writes: [])
        do {
            try CSVReader(buffer: buffer, header: header).forEachRow { row in
                trace.keys.append(row.withField(keyColumn) { fnv1a($0) })
                if let timeColumn { trace.timestamps!.append(try row.double(timeColumn)) }
                trace.sizes.append(try sizeColumn.map { try row.double($0) } ?? 1)
                trace.writes.append(opColumn.map { column in row.withField(column) { isWriteOperation($0) } } ?? false)
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(code: .unreadable, file: file, message: "\(error)")
        }
        guard trace.count > 0 else { throw InputError(code: .emptyFile, file: file, message: "the trace has a header but no requests") }
        return trace
    }

    /// Operation names that write: key-value verbs, and the SCSI WRITE(6/10/12/16) opcodes in hex that block traces record.
    static func isWriteOperation(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self).lowercased()
        return ["set", "put", "write", "w", "add", "replace", "append", "set_lease", "putchunk", "0a", "2a", "aa", "8a"].contains(text)
    }
}

/// FNV-1a, 64-bit: a fast, well-spread hash of a key's bytes.
@inline(__always) func fnv1a(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    return hash
}
