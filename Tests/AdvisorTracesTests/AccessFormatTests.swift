import AdvisorCache
import AdvisorTestSupport
import AdvisorTraces
import Testing

/// Every access-trace format on the real files: counts against libCacheSim's reference conversion
/// (`shared/reference/libcachesim_reference.md`, table "Traces") and the datasets README, first records,
/// times, sizes and write flags (expected sums measured with python3 on the same files).
struct AccessFormatTests {
    static func read(_ relative: String, _ format: AccessFormat?, mapping: ColumnMapping = ColumnMapping()) throws -> AccessTrace {
        try AccessTrace.read(path: try SharedData.path(relative), format: format, mapping: mapping)
    }

    /// FNV-1a 64 of a string's UTF-8 bytes, written out here so the readers' hashing is checked independently.
    static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    static func sizeSum(_ trace: AccessTrace) -> UInt64 {
        trace.sizes.reduce(0) { $0 + UInt64($1) }
    }

    /// Ids are dense and numbered by first appearance: each new id is the next integer.
    static func idsAreDense(_ trace: AccessTrace) -> Bool {
        var next: ObjectID = 0
        for id in trace.ids where id >= next {
            guard id == next else { return false }
            next += 1
        }
        return Int(next) == trace.uniqueCount
    }

    @Test(
        "request and unique-key counts match libCacheSim's conversion",
        arguments: [
            ("cloudphysics-block-sample/cloudPhysicsIO.csv", AccessFormat.libcachesimCSV, 113_872, 48_974),
            ("cloudphysics-block-sample/cloudPhysicsIO.oracleGeneral.bin", .oracleGeneral, 113_872, 48_974),
            ("arc-storage-traces/OLTP.lis.zst", .arc, 914_145, 186_880),
            ("arc-storage-traces/P3.lis.zst", .arc, 3_912_296, 762_543),
            ("caffeine-sim-traces/web07.trace.xz", .cache2k, 76_118, 20_484),
            ("caffeine-sim-traces/web12.trace.xz", .cache2k, 95_607, 13_756),
            ("caffeine-sim-traces/scarab-recs.trace.xz", .scarab, 1_245_184, 258_368),
            ("mooncake-kvcache-trace-2025/conversation_trace.jsonl.gz", .mooncake, 288_500, 182_790),
            ("meta-cachelib-samples/short_bigcache_traces.csv.gz", .metaCDN, 9_999, 3_125),
            ("apache-access-log-2015/apache_logs.gz", .apacheLog, 10_000, 1_498),
        ])
    func countsMatchTheReference(path: String, format: AccessFormat, requests: Int, unique: Int) throws {
        // The format is guessed from the file name: the guess must agree with the format the file is in.
        #expect(AccessFormat.guess(path: path) == (format == .libcachesimCSV ? nil : format))
        let trace = try Self.read(path, format)
        #expect(trace.count == requests)
        #expect(trace.uniqueCount == unique)
        #expect(trace.format == format)
        #expect(trace.sizes.count == requests)
        #expect(Self.idsAreDense(trace))
    }

    @Test("ARC P6 expands 519,711 lines into 12,672,123 page requests")
    func arcP6() throws {
        let trace = try Self.read("arc-storage-traces/P6.lis.zst", nil)
        #expect(trace.count == 12_672_123 && trace.uniqueCount == 773_770)
        // First line `110765 64 0 0`: pages 110765…110828, then `110888 1 0 1`.
        #expect(trace.keys.prefix(65) == ArraySlice(Array(110_765...110_828) + [110_888]))
        #expect(trace.timestamps == nil && trace.writes == nil && trace.keysAreAddresses)
        #expect(trace.sizes.allSatisfy { $0 == 1 })
    }

    @Test("cache2k orm-busy: 5,000,000 int32 keys, kept as their 32 bits")
    func ormBusy() throws {
        let trace = try Self.read("caffeine-sim-traces/orm-busy.trace.xz", .cache2k)
        #expect(trace.count == 5_000_000 && trace.uniqueCount == 76_349)
        // python: struct.unpack('>3i') = (-268435455, -2013265408, -2013264896).
        #expect(
            trace.keys.prefix(3) == [
                UInt64(UInt32(bitPattern: -268_435_455)), UInt64(UInt32(bitPattern: -2_013_265_408)),
                UInt64(UInt32(bitPattern: -2_013_264_896)),
            ])
        #expect(trace.ids.prefix(3) == [0, 1, 2])
        #expect(trace.timestamps == nil && trace.writes == nil && !trace.keysAreAddresses)
    }

    @Test("cache2k orm-night: 5,000,000 keys, 86,466 unique")
    func ormNight() throws {
        let trace = try Self.read("caffeine-sim-traces/orm-night.trace.xz", nil)
        #expect(trace.format == .cache2k)
        #expect(trace.count == 5_000_000 && trace.uniqueCount == 86_466)
    }

    @Test("libCacheSim CSV and oracleGeneral hold the same CloudPhysics requests; the canonical csv reads it too")
    func cloudPhysics() throws {
        let layout = try Self.read("cloudphysics-block-sample/cloudPhysicsIO.csv", .libcachesimCSV)
        let oracle = try Self.read("cloudphysics-block-sample/cloudPhysicsIO.oracleGeneral.bin", nil)
        let canonical = try Self.read("cloudphysics-block-sample/cloudPhysicsIO.csv", nil)
        #expect(canonical.format == .csv)
        // README: first records (5633898, 42932745, 512) … (5633898, 40409911, 6656); last time 5641098.
        #expect(layout.keys.prefix(4) == [42_932_745, 42_932_746, 42_932_747, 40_409_911])
        #expect(layout.sizes.prefix(4) == [512, 512, 512, 6656])
        #expect(layout.timestamps?.first == 5_633_898 && layout.timestamps?.last == 5_641_098)
        #expect(layout.writes?.filter { $0 }.count == 66_898)  // SCSI WRITE(10) opcode 2a
        #expect(Self.sizeSum(layout) == 4_205_978_112)
        #expect(layout.keysAreAddresses && !oracle.keysAreAddresses && !canonical.keysAreAddresses)
        // libCacheSim's conversion kept keys and times; its sizes differ (sum 4,368,040,448) and it has no ops.
        #expect(oracle.ids == layout.ids && oracle.keys == layout.keys && oracle.timestamps == layout.timestamps)
        #expect(Self.sizeSum(oracle) == 4_368_040_448 && oracle.writes == nil)
        #expect(canonical.ids == layout.ids && canonical.keys == layout.keys && canonical.writes == layout.writes)
    }

    @Test("cache2k web07 and scarab keys in file order")
    func keyStreams() throws {
        let web07 = try Self.read("caffeine-sim-traces/web07.trace.xz", nil)
        #expect(web07.keys.prefix(3) == [0, 1, 2])
        let scarab = try Self.read("caffeine-sim-traces/scarab-recs.trace.xz", nil)
        // python: struct.unpack('>3q') = (8756849942801480528, -6928615059174207924, -6957184379736119503).
        #expect(
            scarab.keys.prefix(3) == [
                8_756_849_942_801_480_528, UInt64(bitPattern: -6_928_615_059_174_207_924), UInt64(bitPattern: -6_957_184_379_736_119_503),
            ])
        #expect(scarab.timestamps == nil && scarab.sizes.allSatisfy { $0 == 1 })
    }

    @Test("ARC OLTP: one page per line, pages in order")
    func arcOLTP() throws {
        let trace = try Self.read("arc-storage-traces/OLTP.lis.zst", .arc)
        #expect(trace.keys.prefix(5) == [1, 2, 3, 4, 5])
        #expect(trace.ids.prefix(5) == [0, 1, 2, 3, 4])
    }

    @Test("Mooncake: one access per hash id, at the request's timestamp in seconds")
    func mooncake() throws {
        let trace = try Self.read("mooncake-kvcache-trace-2025/conversation_trace.jsonl.gz", nil)
        // README: the first request's hash_ids are 0…13, the second's 0, 14…27; all at timestamp 0.
        #expect(trace.keys.prefix(28) == ArraySlice(Array(0...27)))
        #expect(trace.ids.prefix(16) == ArraySlice((0...13).map { ObjectID($0) } + [0, 14]))
        let times = try #require(trace.timestamps)
        #expect(times.first == 0 && times.last == 3536.999)  // last request at 3,536,999 ms
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(trace.sizes.allSatisfy { $0 == 1 } && trace.writes == nil && !trace.keysAreAddresses)
    }

    @Test("Meta CDN: sizes fall back to responseSize where objectSize is -1; every row is a read")
    func metaCDN() throws {
        let trace = try Self.read("meta-cachelib-samples/short_bigcache_traces.csv.gz", nil)
        #expect(trace.keys.first == Self.fnv1a("cdn:v/t42.27313-2/10000000_1247634038958664_2577687475245809664_n.mp4"))
        #expect(trace.sizes.prefix(2) == [28_816_957, 7163])
        #expect(Self.sizeSum(trace) == 206_536_956_358)
        #expect(trace.timestamps?.first == 1_585_119_589 && trace.timestamps?.last == 1_585_119_847)
        #expect(trace.writes == nil)
        let sample = try Self.read("meta-cachelib-samples/bigcache_cdn_sample.csv", nil)
        #expect(sample.count == 199 && sample.uniqueCount == 99 && Self.sizeSum(sample) == 2_053_810_504)
    }

    @Test(
        "Meta KV: columns by name in either order; op_count repeats a row; DELETE rows skipped",
        arguments: [
            ("meta-cachelib-samples/kv_traces_1.csv", 688, 51, 10, UInt64(349_039), 604_038_471.0),
            ("meta-cachelib-samples/kv_traces_2.csv", 432, 61, 14, 207_448, 603_347_270),
        ])
    func metaKV(path: String, requests: Int, unique: Int, writes: Int, bytes: UInt64, firstTime: Double) throws {
        let trace = try Self.read(path, nil)
        #expect(trace.format == .metaKV)
        #expect(trace.count == requests && trace.uniqueCount == unique)
        #expect(trace.writes?.filter { $0 }.count == writes)
        #expect(Self.sizeSum(trace) == bytes)  // key_size + size per request
        #expect(trace.timestamps?.first == firstTime)
    }

    @Test("Meta KV keys: hex text is hashed, decimal text kept as its value")
    func metaKVKeys() throws {
        #expect(try Self.read("meta-cachelib-samples/kv_traces_1.csv", .metaKV).keys.first == Self.fnv1a("82131353f9ddc8c6"))
        // The first row has op_count 2: two requests for the same key.
        let second = try Self.read("meta-cachelib-samples/kv_traces_2.csv", .metaKV)
        #expect(second.keys.first == 2_748_536_847 && second.ids.prefix(2) == [0, 0])
    }

    @Test("Twitter: headerless rows, size = key_size + value_size, storage commands write")
    func twitter() throws {
        let trace = try Self.read("meta-cachelib-samples/twitter_sample.csv", nil)
        #expect(trace.format == .twitter)
        #expect(trace.count == 100 && trace.uniqueCount == 85)
        #expect(trace.keys.first == Self.fnv1a("q:q:1:8WTwl7huJeQ"))
        #expect(trace.sizes.prefix(2) == [17 + 249, 16 + 0])
        #expect(Self.sizeSum(trace) == 30_428)
        #expect(trace.writes?.filter { $0 }.count == 7)  // 5 add + 2 cas
        #expect(trace.timestamps?.allSatisfy { $0 == 0 } == true)
    }

    @Test("Apache log: URL keys, log time in Unix seconds in file order, '-' bytes as 1")
    func apacheLog() throws {
        let trace = try Self.read("apache-access-log-2015/apache_logs.gz", .apacheLog)
        #expect(trace.keys.first == Self.fnv1a("/presentations/logstash-monitorama-2013/images/kibana-search.png"))
        let times = try #require(trace.timestamps)
        // 17/May/2015:10:05:03 +0000, then 10:05:43, 10:05:47, 10:05:12: file order, not time order.
        #expect(Array(times.prefix(4)) == [1_431_857_103, 1_431_857_143, 1_431_857_147, 1_431_857_112])
        #expect(trace.sizes.prefix(3) == [203_023, 171_717, 26_185])
        #expect(Self.sizeSum(trace) == 2_747_283_409)  // 669 '-' counted as 1
        #expect(trace.writes?.filter { $0 }.count == 5)  // the 5 POSTs
    }

    @Test("the CacheLib block trace reads as csv with a size flag: block_id, op_time and op_name are recognised")
    func blockTraceAsCSV() throws {
        var mapping = ColumnMapping()
        mapping.size = "io_size"
        let trace = try Self.read("meta-cachelib-samples/block_traces_1.csv", .csv, mapping: mapping)
        #expect(trace.count == 999 && trace.uniqueCount == 625)
        #expect(trace.writes?.filter { $0 }.count == 400)  // putChunk.*; getChunkData.* reads
        #expect(Self.sizeSum(trace) == 3_469_145_050)
        #expect(trace.timestamps?.first == 1_702_511_878)
    }

    @Test(
        "the format is guessed from the file name, and nil when the name is ambiguous",
        arguments: [
            ("x/cloudPhysicsIO.oracleGeneral.bin", AccessFormat?.some(.oracleGeneral)),
            ("x/P6.lis.zst", .arc), ("P12.lis", .arc),
            ("caffeine/orm-night.trace.xz", .cache2k), ("web12.trace", .cache2k), ("traces/cache2k/db.trace.gz", .cache2k),
            ("scarab-recs.trace.xz", .scarab), ("conversation_trace.jsonl.gz", .mooncake), ("toolagent_trace.jsonl", .mooncake),
            ("short_bigcache_traces.csv.gz", .metaCDN), ("kv_traces_2.csv", .metaKV), ("twitter_sample.csv", .twitter),
            ("apache_logs.gz", .apacheLog), ("/var/log/httpd/access_log", .apacheLog),
            // Caffeine's LIRS traces are also `.trace` (text); a request trace or an NGINX status dump is no access format.
            ("lirs/gli.trace.gz", nil), ("requests.csv.gz", nil), ("cloudPhysicsIO.csv", nil), ("nginxplus_json_logs.jsonl.gz", nil),
        ])
    func guessesFromTheName(path: String, format: AccessFormat?) {
        #expect(AccessFormat.guess(path: path) == format)
    }

    @Test("only page, block and remapped prefix-block numbers count as addresses")
    func addresses() {
        #expect(AccessFormat.allCases.filter(\.keysAreAddresses) == [.libcachesimCSV, .arc])
        #expect(Set(AccessFormat.allCases.map(\.rawValue)).count == 11)
    }

    @Test("progress rises to 1")
    func progress() throws {
        var fractions: [Double] = []
        _ = try AccessTrace.read(
            path: SharedData.path("caffeine-sim-traces/web12.trace.xz"), format: nil, progress: { fractions.append($0) })
        #expect(fractions.count > 50 && fractions.last == 1)
        #expect(zip(fractions, fractions.dropFirst()).allSatisfy { $0 <= $1 })
    }
}
