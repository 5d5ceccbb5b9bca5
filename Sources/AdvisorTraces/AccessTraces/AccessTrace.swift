public import AdvisorInput

/// An access (cache) trace in memory: one entry per request, in file order, with keys numbered densely.
///
/// Every `AccessFormat` reads into this one shape. Policies index per-object state by `ids`; `keys` maps
/// an id back to the trace's own key, for reports and for address-based prefetching.
public struct AccessTrace: Sendable {
    /// The dense id of each request's object, numbered 0, 1, 2, … by first appearance.
    ///
    /// 32 bits, the width of the cache's `ObjectID`, so the ids feed the cache's policies as they are; the
    /// readers do not depend on the cache module for the type.
    public var ids: [UInt32]
    /// The original key of each dense id (`keys[Int(ids[i])]`): numeric keys as they are, text keys as their
    /// integer value when they are decimal integers and FNV-1a 64 of their bytes otherwise.
    public var keys: [UInt64]
    /// Bytes per request, at least 1; 1 for every request when the format has no sizes.
    public var sizes: [UInt32]
    /// Seconds per request, in file order (not necessarily monotonic); nil when the format has no times.
    public var timestamps: [Double]?
    /// Whether each request writes its object; nil when the format has no operations.
    public var writes: [Bool]?
    /// Whether keys are addresses, so that key + 1 is the next block (see `AccessFormat.keysAreAddresses`).
    public var keysAreAddresses: Bool
    /// The format the trace was read from.
    public var format: AccessFormat

    /// The number of requests.
    public var count: Int { ids.count }
    /// The number of distinct keys.
    public var uniqueCount: Int { keys.count }

    /// Creates a trace from its columns; `sizes` and the optional columns must have one entry per request.
    public init(
        ids: [UInt32], keys: [UInt64], sizes: [UInt32], timestamps: [Double]?, writes: [Bool]?,
        keysAreAddresses: Bool, format: AccessFormat
    ) {
        precondition(sizes.count == ids.count, "one size per request")
        precondition(timestamps.map { $0.count == ids.count } ?? true, "one timestamp per request")
        precondition(writes.map { $0.count == ids.count } ?? true, "one write flag per request")
        self.ids = ids
        self.keys = keys
        self.sizes = sizes
        self.timestamps = timestamps
        self.writes = writes
        self.keysAreAddresses = keysAreAddresses
        self.format = format
    }

    /// Reads an access trace of any format, gzip-, xz- or zstd-compressed or plain.
    ///
    /// - Parameters:
    ///   - path: The trace file.
    ///   - format: The format; nil means the one `AccessFormat.guess(path:)` suggests, else `csv`.
    ///   - mapping: Column names for `csv` and `libcachesim-csv`; the other formats have fixed layouts.
    ///   - progress: Called with the fraction of the (decompressed) bytes read, about every 1%.
    /// - Returns: The trace.
    /// - Throws: `InputError` naming the file and, for text, the line and column of what it cannot accept;
    ///   for binary formats the message names the record and its byte offset.
    public static func read(
        path: String, format: AccessFormat?, mapping: ColumnMapping = ColumnMapping(),
        progress: ((Double) -> Void)? = nil
    ) throws(InputError) -> AccessTrace {
        let buffer = try InputBuffer.open(path: path)
        return try read(buffer, format: format ?? AccessFormat.guess(path: path) ?? .csv, mapping: mapping, progress: progress)
    }

    /// Reads an access trace from an opened file, for callers that also fingerprint the bytes.
    ///
    /// - Parameters:
    ///   - buffer: The file's (decompressed) bytes.
    ///   - format: The format.
    ///   - mapping: Column names for `csv` and `libcachesim-csv`.
    ///   - progress: Called with the fraction of the bytes read, about every 1%.
    /// - Returns: The trace.
    /// - Throws: `InputError` as `read(path:format:mapping:progress:)`.
    public static func read(
        _ buffer: InputBuffer, format: AccessFormat, mapping: ColumnMapping = ColumnMapping(),
        progress: ((Double) -> Void)? = nil
    ) throws(InputError) -> AccessTrace {
        let collector: AccessCollector
        switch format {
        case .csv: collector = try CSVAccessReader.read(buffer, mapping: mapping, libCacheSimLayout: false, progress: progress)
        case .libcachesimCSV: collector = try CSVAccessReader.read(buffer, mapping: mapping, libCacheSimLayout: true, progress: progress)
        case .oracleGeneral: collector = try BinaryRecordReader.readOracleGeneral(buffer, progress: progress)
        case .arc: collector = try ARCReader.read(buffer, progress: progress)
        case .cache2k: collector = try BinaryRecordReader.readKeys(buffer, width: 4, progress: progress)
        case .scarab: collector = try BinaryRecordReader.readKeys(buffer, width: 8, progress: progress)
        case .mooncake: collector = try MooncakeReader.read(buffer, progress: progress)
        case .metaCDN: collector = try CacheLibReaders.readCDN(buffer, progress: progress)
        case .metaKV: collector = try CacheLibReaders.readKV(buffer, progress: progress)
        case .twitter: collector = try TwitterReader.read(buffer, progress: progress)
        case .apacheLog: collector = try ApacheLogReader.read(buffer, progress: progress)
        }
        return try collector.trace(format: format)
    }
}
