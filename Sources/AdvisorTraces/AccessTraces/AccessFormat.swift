/// The access (cache) trace formats advisor reads; the raw values are the `--format` names.
///
/// Every format may be gzip-, xz- or zstd-compressed (detected by content). What each format yields,
/// and the choices made where its source leaves room, is in the case documentation and `summary`.
public enum AccessFormat: String, CaseIterable, Sendable {
    /// Canonical CSV with a header, columns found by name or flag (`ColumnMapping`): key, and optionally
    /// timestamp (s), size (bytes) and op.
    case csv
    /// libCacheSim's CSV layout, as in its `cloudPhysicsIO.csv` sample: header `version,time,op,size,lbn`;
    /// columns found by those names (flags override), op optional.
    case libcachesimCSV = "libcachesim-csv"
    /// libCacheSim's oracleGeneral binary: 24-byte little-endian records
    /// `uint32 time, uint64 id, uint32 size, int64 next_access_vtime` (the last is ignored).
    case oracleGeneral = "oracle-general"
    /// ARC paper traces (`*.lis`): text lines `start count ignored request_number`, one access per page
    /// `start..<start+count`; no time, size or operation.
    case arc
    /// cache2k traces from Caffeine's simulator: raw big-endian int32 keys, nothing else.
    case cache2k
    /// Scarab Research traces from Caffeine's simulator: raw big-endian int64 keys, nothing else.
    case scarab
    /// Mooncake KV-cache traces: one JSON object per line; each entry of `hash_ids` is one access, all at the
    /// request's `timestamp` (ms, stored as seconds); size 1 per block.
    case mooncake
    /// Meta CDN "bigcache" traces (CacheLib samples): header `timestamp,cacheKey,OpType,objectSize,responseSize,…`.
    case metaCDN = "meta-cdn"
    /// Meta key-value cache traces (CacheLib kvcache samples), header-driven:
    /// `op_time,key,key_size,op,op_count,size,…` in any column order.
    case metaKV = "meta-kv"
    /// Twitter twemcache traces, no header: `timestamp,key,key_size,value_size,client_id,op,ttl`.
    case twitter
    /// Apache common or combined access log.
    case apacheLog = "apache-log"

    /// What a reader of the format gets, in one line for `--help` and reports.
    public var summary: String {
        switch self {
        case .csv: "header CSV; key column (integer text as is, other text FNV-1a hashed), optional timestamp (s), size, op"
        case .libcachesimCSV: "libCacheSim CSV: time (s), op (SCSI hex opcodes), size, lbn"
        case .oracleGeneral: "libCacheSim oracleGeneral binary: time, id, size"
        case .arc: "ARC .lis: each line 'start count …' expands to pages start..start+count-1; order only"
        case .cache2k: "cache2k binary: big-endian int32 keys; order only"
        case .scarab: "Scarab binary: big-endian int64 keys; order only"
        case .mooncake: "Mooncake JSONL: one access per hash_ids entry at timestamp/1000 s; size 1 per block"
        case .metaCDN: "Meta CDN CSV: cacheKey, timestamp (s), objectSize (responseSize when ≤ 0); every row a read"
        case .metaKV: "Meta KV CSV: key, op_time (s), key_size+size, op; op_count repeats a row; DELETE rows skipped"
        case .twitter: "Twitter CSV: key, timestamp (s), key_size+value_size, op; delete rows skipped"
        case .apacheLog: "Apache log: URL, time (s, file order), bytes ('-' = 1), method (PUT/POST/DELETE/PATCH write)"
        }
    }

    /// Whether keys are addresses, so that key + 1 is the next block (what sequential prefetching needs).
    ///
    /// True for `arc` (page numbers) and `libcachesim-csv` (logical block numbers): the next block exists
    /// on the device whether or not the trace asks for it, so reading ahead is real readahead.
    /// False for `mooncake`, although upstream numbered its block hashes in order of first appearance
    /// along each prompt (92% of consecutive blocks in a request are the next integer): a block that has
    /// never been requested is a KV block nobody has computed yet, and "prefetching" it would use the
    /// trace's future. Its learned followers (blocks seen before) are still prefetched. False for
    /// `oracle-general`, whose ids are opaque in general (libCacheSim converts every trace to it; read a
    /// block trace as `libcachesim-csv` for its addresses), and for the hashed or opaque keys of the rest.
    public var keysAreAddresses: Bool {
        switch self {
        case .arc, .libcachesimCSV: true
        case .csv, .oracleGeneral, .cache2k, .scarab, .mooncake, .metaCDN, .metaKV, .twitter, .apacheLog: false
        }
    }

    /// The format a file name suggests, nil when unsure.
    ///
    /// A compression suffix (`.gz`, `.xz`, `.zst`) is looked through. The names recognised are those the
    /// formats' sources use: `*.oracleGeneral*`, `*.lis`, Caffeine's `scarab*.trace` and cache2k's
    /// `orm-*.trace`/`web<N>.trace` (or any `.trace` under a `cache2k` folder), `*trace*.jsonl` (Mooncake),
    /// CacheLib's `*bigcache*.csv`, `kv_trace*.csv` and `twitter*.csv`, and Apache's `access_log`/`apache_logs`.
    /// A `.trace` file of any other origin gives nil: Caffeine alone has several unrelated `.trace` formats.
    ///
    /// - Parameter path: The file's path; only the name (and, for cache2k, the folder) is looked at.
    /// - Returns: The suggested format, or nil (callers then use `csv`).
    public static func guess(path: String) -> AccessFormat? {
        let lowered = path.lowercased()
        var name = Substring(lowered.split(separator: "/").last ?? "")
        for suffix in [".gz", ".xz", ".zst", ".zstd"] where name.hasSuffix(suffix) {
            name = name.dropLast(suffix.count)
            break
        }
        if name.contains("oraclegeneral") { return .oracleGeneral }
        if name.hasSuffix(".lis") { return .arc }
        if name.hasSuffix(".trace") {
            if name.contains("scarab") { return .scarab }
            let stem = name.dropLast(".trace".count)
            let isCache2kName =
                stem.hasPrefix("orm-") || (stem.hasPrefix("web") && stem.count > 3 && stem.dropFirst(3).allSatisfy(\.isNumber))
            return isCache2kName || lowered.contains("/cache2k/") ? .cache2k : nil
        }
        if name.hasSuffix(".jsonl") { return name.contains("trace") || lowered.contains("mooncake") ? .mooncake : nil }
        if name.contains("access_log") || name.contains("access.log") || name.hasPrefix("apache_log") { return .apacheLog }
        guard name.hasSuffix(".csv") else { return nil }
        if name.contains("bigcache") { return .metaCDN }
        if name.hasPrefix("kv_trace") { return .metaKV }
        if name.hasPrefix("twitter") { return .twitter }
        return nil
    }
}
