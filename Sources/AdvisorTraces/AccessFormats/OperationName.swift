/// What an operation name means for a cache, decided on the bytes (no String per row).
///
/// Names compare ASCII-case-insensitively. Each format has its own table, so a name one format does not
/// define is an error there rather than a silent read.
enum OperationName {
    /// What a request does to the object.
    enum Effect {
        case read
        case write
        /// Removes the object: the Meta KV and Twitter readers skip such rows, because a replayed
        /// deletion is neither a hit nor a miss, and a boolean write flag cannot carry it.
        case delete
    }

    /// Meta KV cache traces, as CacheLib's KV replay reads them.
    static let metaKV: [(name: [UInt8], effect: Effect)] = table([
        ("GET", .read), ("GET_LEASE", .read), ("SET", .write), ("SET_LEASE", .write), ("DELETE", .delete),
    ])

    /// Twemcache commands in the Twitter traces: storage and arithmetic commands write.
    static let twitter: [(name: [UInt8], effect: Effect)] = table([
        ("get", .read), ("gets", .read), ("set", .write), ("add", .write), ("replace", .write), ("cas", .write),
        ("append", .write), ("prepend", .write), ("incr", .write), ("decr", .write), ("delete", .delete),
    ])

    /// Names that write in a `csv` op column: key-value and HTTP verbs, CacheLib block-trace `putChunk`, and the SCSI
    /// WRITE(6/10/12/16) opcodes in hex that block traces record. Only the part before a `.` counts, so
    /// CacheLib's `putChunk.Permanent` writes and `getChunkData.NotInitialized` reads.
    private static let csvWrites: [[UInt8]] = [
        "set", "put", "post", "patch", "write", "w", "add", "replace", "append", "set_lease", "putchunk", "0a", "2a", "aa", "8a",
    ].map { Array($0.utf8) }

    /// HTTP methods that change the resource; every other method reads it.
    private static let httpWrites: [[UInt8]] = ["PUT", "POST", "DELETE", "PATCH"].map { Array($0.utf8) }

    /// The effect `name` has in `table`, nil when the table does not define the name.
    static func effect(_ name: UnsafeRawBufferPointer, in table: [(name: [UInt8], effect: Effect)]) -> Effect? {
        table.first { equalsIgnoringCase(name, $0.name) }?.effect
    }

    /// Names that read in a `csv` op column: key-value and HTTP verbs, CacheLib block-trace `getChunk`(`Data`),
    /// and the SCSI READ(6/10/12/16) opcodes in hex. Deletions read too: the column carries only a write flag.
    private static let csvReads: [[UInt8]] = [
        "get", "gets", "get_lease", "read", "r", "head", "options", "delete", "del", "getchunk", "getchunkdata",
        "08", "28", "a8", "88",
    ].map { Array($0.utf8) }

    /// Whether a `csv` op value writes: nil for a name neither list defines, so that a misread column or a
    /// typo is an error rather than a silent read. Only the part before a `.` counts. An empty value, or one
    /// of decimal digits alone, reads: several traces number their operations without saying what they mean.
    static func isCSVWrite(_ value: UnsafeRawBufferPointer) -> Bool? {
        let stem = UnsafeRawBufferPointer(rebasing: value[..<(value.firstIndex(of: UInt8(ascii: ".")) ?? value.count)])
        if csvWrites.contains(where: { equalsIgnoringCase(stem, $0) }) { return true }
        if stem.isEmpty || csvReads.contains(where: { equalsIgnoringCase(stem, $0) }) { return false }
        if stem.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) { return false }
        return nil
    }

    /// The names a `csv` op column accepts, for error messages.
    static var csvNames: String {
        (csvReads + csvWrites).map { String(decoding: $0, as: UTF8.self) }.joined(separator: ", ") + ", or a number"
    }

    /// Whether an HTTP method writes.
    static func isHTTPWrite(_ method: UnsafeRawBufferPointer) -> Bool {
        httpWrites.contains { equalsIgnoringCase(method, $0) }
    }

    /// The names a table accepts, for error messages.
    static func names(_ table: [(name: [UInt8], effect: Effect)]) -> String {
        table.map { String(decoding: $0.name, as: UTF8.self) }.joined(separator: ", ")
    }

    private static func table(_ entries: [(String, Effect)]) -> [(name: [UInt8], effect: Effect)] {
        entries.map { (Array($0.0.utf8), $0.1) }
    }

    @inline(__always)
    private static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ name: [UInt8]) -> Bool {
        guard bytes.count == name.count else { return false }
        for index in 0..<name.count where lowercased(bytes[index]) != lowercased(name[index]) { return false }
        return true
    }

    @inline(__always)
    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
