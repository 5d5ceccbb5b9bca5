// Measures the tiered cache against its baselines on this machine; run by Benchmarks/tiered/run.sh,
// which starts the redis-server and runs redis-benchmark at the same concurrency.
//
// Usage: TieredBench PORT CLIENTS
// Prints one line per figure: the L1 hit against a Mutex<[String: Int]> lookup of the same size,
// the L2-hit latency of a get through the cache (L1 missing every time) at CLIENTS concurrent tasks,
// the time from a write in one cache instance until another instance in the same process reads the new value, and
// the same across two processes (this one and a `TieredBench writer` child).
import AdvisorCache
import AdvisorTiered
import Foundation
import Synchronization

let arguments = CommandLine.arguments

// The other process of figure 4: `TieredBench writer PORT` sets "shared" to each number read from stdin and prints
// "ok N" once `set` has returned.
if arguments.count == 3, arguments[1] == "writer", let port = Int(arguments[2]) {
    let writer = try TieredCache<Int>(namespace: "xproc:", l1Capacity: 100, l2: RedisTier(host: "127.0.0.1", port: port), loader: { _ in 0 })
    try await Task.sleep(for: .milliseconds(500))
    FileHandle.standardOutput.write(Data("ready\n".utf8))
    while let line = readLine(), let value = Int(line) {
        try await writer.set("shared", value)
        FileHandle.standardOutput.write(Data("ok \(value)\n".utf8))
    }
    writer.shutdown()
    exit(0)
}
guard arguments.count == 3, let port = Int(arguments[1]), let clients = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: TieredBench PORT CLIENTS\n".utf8))
    exit(2)
}

/// The p-quantile of sorted samples, nearest rank.
func quantile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
}

func nanoseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
}

let clock = ContinuousClock()
let keys = (0..<10_000).map { "key-\($0)" }
var generator = SystemRandomNumberGenerator()
let probes = (0..<1_000_000).map { _ in keys[Int.random(in: 0..<keys.count, using: &generator)] }

// 1. L1 hit against Mutex<[String: Int]>, 10,000 entries, one task. In a function, with the cache and the table as its
// locals: top-level variables of this file are main-actor globals, and every `await` on one from top-level code hops
// between the main actor and the cache's executor, which is what a 10 µs "hit" measured before.
func measureL1() async throws -> (cache: Double, dictionary: Double, checksum: Int) {
    let l1Only = try TieredCache<Int>(namespace: "bench:", l1Capacity: keys.count, l1Expiry: .never, loader: { $0.count })
    for key in keys { _ = try await l1Only.get(key) }
    let dictionary = Mutex(Dictionary(uniqueKeysWithValues: keys.map { ($0, $0.count) }))
    var checksum = 0
    var best = (cache: Double.infinity, dictionary: Double.infinity)
    for _ in 0..<5 {
        let cacheStart = clock.now
        for key in probes { checksum &+= try await l1Only.get(key) }
        best.cache = min(best.cache, nanoseconds(cacheStart.duration(to: clock.now)) / Double(probes.count))
        let dictionaryStart = clock.now
        for key in probes { checksum &+= dictionary.withLock { $0[key] } ?? 0 }
        best.dictionary = min(best.dictionary, nanoseconds(dictionaryStart.duration(to: clock.now)) / Double(probes.count))
    }
    return (best.cache, best.dictionary, checksum)
}
let l1 = try await measureL1()
print(
    String(
        format: "l1-hit ns/op %.1f  mutex-dictionary ns/op %.1f  ratio %.2f  (best of 5 x 1M, checksum %d)", l1.cache, l1.dictionary,
        l1.cache / l1.dictionary, l1.checksum))

// 2. L2 hit through the cache: L1 holds 1 entry, so every get of 10,000 pre-filled keys reads Redis.
let l2Cache = try TieredCache<Int>(
    namespace: "bench:", l1Capacity: 1, l1Expiry: .never, l2: RedisTier(host: "127.0.0.1", port: port, connections: 4), loader: { $0.count }
)
// Writes are skipped until the invalidation connection (which carries them) is up.
try await Task.sleep(for: .milliseconds(500))
for key in keys { try await l2Cache.set(key, key.count) }
let perClient = 20_000 / clients
let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
    for client in 0..<clients {
        group.addTask {
            var samples: [Double] = []
            samples.reserveCapacity(perClient)
            for index in 0..<perClient {
                let start = clock.now
                _ = try await l2Cache.get(keys[(client * 7919 + index * 31) % keys.count])
                samples.append(nanoseconds(start.duration(to: clock.now)))
            }
            return samples
        }
    }
    var all: [Double] = []
    for try await samples in group { all += samples }
    return all.sorted()
}
let l2 = l2Cache.statistics().l2
print(
    String(
        format: "l2-hit get through the cache at %d clients: p50 %.3f ms  p99 %.3f ms  (%d gets, L2 hits %d of %d lookups)", clients,
        quantile(latencies, 0.5) / 1e6, quantile(latencies, 0.99) / 1e6, latencies.count, l2.hits, l2.lookups))

// 3. Cross-instance invalidation: from the start of a write in one instance until another instance reads the new value.
let writer = try TieredCache<Int>(namespace: "inval:", l1Capacity: 100, l2: RedisTier(host: "127.0.0.1", port: port), loader: { _ in 0 })
let reader = try TieredCache<Int>(namespace: "inval:", l1Capacity: 100, l2: RedisTier(host: "127.0.0.1", port: port), loader: { _ in 0 })
try await Task.sleep(for: .milliseconds(500))
var delays: [Double] = []
for round in 1...300 {
    _ = try await reader.get("shared")
    let start = clock.now
    try await writer.set("shared", round)
    while try await reader.get("shared") != round { await Task.yield() }
    delays.append(nanoseconds(start.duration(to: clock.now)))
}
delays.sort()
print(
    String(
        format: "cross-instance invalidation (write started → other instance reads it), 300 rounds: p50 %.3f ms  p99 %.3f ms  max %.3f ms",
        quantile(delays, 0.5) / 1e6, quantile(delays, 0.99) / 1e6, delays.last! / 1e6))

// 4. Cross-process invalidation: from sending a number to a writer process (which sets it and acknowledges) until this
// process's instance reads the new value; the reader keeps the old value in its L1 until the invalidation arrives.
let child = Process()
child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
child.arguments = ["writer", String(port)]
let toChild = Pipe()
let fromChild = Pipe()
child.standardInput = toChild
child.standardOutput = fromChild
try child.run()
/// The child's next line (blocking: this figure's loop is the only work left).
func childLine() -> String {
    var line = Data()
    while true {
        let byte = fromChild.fileHandleForReading.readData(ofLength: 1)
        if byte.isEmpty || byte.first == 10 { return String(decoding: line, as: UTF8.self) }
        line.append(byte)
    }
}
precondition(childLine() == "ready", "the writer process did not start")
let crossReader = try TieredCache<Int>(namespace: "xproc:", l1Capacity: 100, l2: RedisTier(host: "127.0.0.1", port: port), loader: { _ in 0 })
try await Task.sleep(for: .milliseconds(500))
var crossDelays: [Double] = []
for round in 1...300 {
    _ = try await crossReader.get("shared")
    let start = clock.now
    toChild.fileHandleForWriting.write(Data("\(round)\n".utf8))
    precondition(childLine() == "ok \(round)", "the writer process did not acknowledge \(round)")
    while try await crossReader.get("shared") != round { await Task.yield() }
    crossDelays.append(nanoseconds(start.duration(to: clock.now)))
}
try toChild.fileHandleForWriting.close()
child.waitUntilExit()
crossDelays.sort()
print(
    String(
        format: "cross-process invalidation (write sent to the other process → this one reads it), 300 rounds: p50 %.3f ms  p99 %.3f ms  max %.3f ms",
        quantile(crossDelays, 0.5) / 1e6, quantile(crossDelays, 0.99) / 1e6, crossDelays.last! / 1e6))
for cache in [l2Cache, writer, reader, crossReader] { cache.shutdown() }
