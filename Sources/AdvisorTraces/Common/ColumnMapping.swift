public import AdvisorInput

/// Which columns of a trace hold which field: given by flags, or recognised from the header.
public struct ColumnMapping: Sendable, Equatable {
    public var timestamp: String?
    public var key: String?
    public var size: String?
    public var op: String?
    public var ttl: String?
    public var backend: String?
    public var latency: String?
    public var status: String?
    /// Request traces: the metric columns to use; `nil` means every other numeric column.
    public var metrics: [String]?

    public init() {}

    /// Header names recognised for each field when no flag names the column, most specific first.
    static let synonyms: [String: [String]] = [
        "timestamp": ["timestamp", "time", "ts", "timestamp_anon", "op_time", "start_time"],
        "key": ["key", "obj_id", "object_id", "object", "cachekey", "block_id", "lbn", "url", "id"],
        "size": ["size", "obj_size", "object_size", "objectsize", "bytes"],
        "op": ["op", "operation", "optype", "op_name", "method"],
        "ttl": ["ttl"],
        "backend": ["backend", "server", "upstream", "instance", "host", "container", "container_ip", "pod", "podname"],
        "latency": ["latency", "latency_ms", "response_time", "rt", "duration", "duration_ms"],
        "status": ["status", "status_code", "error", "failed"],
    ]

    /// The column index of `field`: the flag's column if one was given (an error if absent), else the first synonym present.
    func resolve(_ field: String, given: String?, in header: CSVHeader, file: String, required: Bool) throws(InputError) -> Int? {
        if let given { return try header.require(given, file: file) }
        for name in Self.synonyms[field] ?? [] {
            if let index = header.index(of: name) { return index }
        }
        guard !required else {
            throw InputError(
                code: .unknownColumn, file: file, line: 1,
                message: "no \(field) column among \(header.names); name it with --\(field)-column")
        }
        return nil
    }
}
