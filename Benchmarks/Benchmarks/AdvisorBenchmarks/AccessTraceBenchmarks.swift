import AdvisorInput
import AdvisorTraces
import Benchmark

/// Reading the two largest access traces: ARC P6 (zstd text, 519,711 lines expanded into 12,672,123 page
/// requests, 773,770 pages) and cache2k orm-busy (xz binary, 5,000,000 int32 keys, 76,349 unique).
/// "decompress" is `InputBuffer.open` alone; "parse" reads an already decompressed buffer. Throughput
/// counts reads; requests/s = reads/s × the request count.
func accessTraceReadBenchmarks() {
    let traces: [(name: String, path: String, format: AccessFormat)] = [
        ("ARC P6", "arc-storage-traces/P6.lis.zst", .arc),
        ("cache2k orm-busy", "caffeine-sim-traces/orm-busy.trace.xz", .cache2k),
    ]
    for trace in traces {
        let path = datasets.appendingPathComponent(trace.path).path
        let buffer = try! InputBuffer.open(path: path)
        Benchmark("Access trace \(trace.name): decompress", configuration: .init(scalingFactor: .one)) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try InputBuffer.open(path: path)) }
        }
        Benchmark("Access trace \(trace.name): parse and number keys", configuration: .init(scalingFactor: .one)) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try AccessTrace.read(buffer, format: trace.format)) }
        }
    }
}
