public import AdvisorInput

/// The two canonical kinds of trace advisor learns from.
public enum TraceKind: String, Sendable, CaseIterable, Codable {
    /// `timestamp,key[,size][,op][,ttl]`: what a cache saw.
    case access
    /// `timestamp,backend,latency[,metrics…]`: what a client of several backends saw.
    case request

    /// Recognises the kind from the header: backend and latency columns make a request trace, a key column an access trace.
    /// - Throws: `InputError` when neither fits, naming the columns found.
    public static func recognise(_ header: CSVHeader, mapping: ColumnMapping, file: String) throws(InputError) -> TraceKind {
        let backend = try mapping.resolve("backend", given: mapping.backend, in: header, file: file, required: false)
        let latency = try mapping.resolve("latency", given: mapping.latency, in: header, file: file, required: false)
        if backend != nil, latency != nil { return .request }
        if try mapping.resolve("key", given: mapping.key, in: header, file: file, required: false) != nil { return .access }
        throw InputError(
            code: .unknownColumn, file: file, line: 1,
            message: "cannot tell the kind of trace from the columns \(header.names); "
                + "give --kind access|request and name the columns (for example --key-column, or --backend-column and --latency-column)")
    }
}
