import AdvisorCache
import BenchmarkKeys
import AdvisorMetrics
import Foundation
import Synchronization

// The hit and miss figures of CacheBenchmarks, timed in the process's CPU time instead of wall-clock
// time: on a machine shared with other work, a wall-clock sample also counts the time the
// scheduler gave to other processes, while CPU time counts only this loop's. It runs the same
// comparison (`Int` keys and values, every key resident, a shuffled order, a `Mutex<[Int: Int]>`
// lookup of the same keys) in one task, calling `get` directly.
//
// Run: swift run -c release CacheCPUTime RESIDENTS dict|s3fifo|learned|exported|miss [GETS]
// (`learned` reads the models in ADVISOR_CACHE_MODELS; `exported` is `s3fifo` watched by an `AdvisorMetrics`
// exporter reporting every 10 ms on another task, with no metrics backend bootstrapped, so the CPU time of
// its reports is counted too); it prints nanoseconds of CPU time per get.

/// CPU time of the whole process so far, in nanoseconds.
func cpuNanoseconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return Double(now.tv_sec) * 1e9 + Double(now.tv_nsec)
}

/// CPU nanoseconds per call of `body`, over `gets` calls cycling through `keys`.
func perGet(_ gets: Int, keys: [Int], _ body: (Int) async throws -> Int) async rethrows -> Double {
    var sum = 0
    var index = 0
    let start = cpuNanoseconds()
    for _ in 0..<gets {
        sum &+= try await body(keys[index])
        index += 1
        if index == keys.count { index = 0 }
    }
    let elapsed = cpuNanoseconds() - start
    if sum == 42 { print(sum) }  // keeps the loop's results alive
    return elapsed / Double(gets)
}

/// CPU nanoseconds per hit of `cache`, over `gets` gets cycling through `keys`.
///
/// The loop calls `get` itself, not through `perGet`'s async closure: an embedder's `get` is a call in
/// its own async function, and entering an async closure costs an executor check per call that the
/// dictionary's synchronous closure does not pay. It is inlined into its caller, where the loop was
/// written out before: out of line it measured 11% slower per hit, a cost of the benchmark, not the cache.
@inline(__always)
func perHit(_ gets: Int, keys: [Int], _ cache: PredictiveCache<Int, Int>) async throws -> Double {
    var sum = 0
    var index = 0
    let start = cpuNanoseconds()
    for _ in 0..<gets {
        sum &+= try await cache.get(keys[index])
        index += 1
        if index == keys.count { index = 0 }
    }
    let nanoseconds = (cpuNanoseconds() - start) / Double(gets)
    if sum == 42 { print(sum) }
    return nanoseconds
}

/// Times `mode` with `residents` keys over `gets` gets. Its caches and table are locals: top-level
/// variables of this file would be main-actor globals, and every get would hop to reach them.
func measure(_ mode: String, residents: Int, gets: Int) async throws -> String? {
    let keys = shuffledKeys(residents)
    switch mode {
    case "dict":
        let table = Mutex([Int: Int](uniqueKeysWithValues: keys.map { ($0, $0 &* 31) }))
        let nanoseconds = await perGet(gets, keys: keys) { key in table.withLock { $0[key] } ?? 0 }
        return "Mutex<[Int: Int]> lookup, \(residents) keys: \(nanoseconds) ns"
    case "s3fifo", "learned", "exported":
        let policy: CacheEviction
        if mode == "learned" {
            policy = .learned(try CacheModels(folder: ProcessInfo.processInfo.environment["ADVISOR_CACHE_MODELS"] ?? "Models"))
        } else {
            policy = .baseline(.s3fifo)
        }
        let cache = try PredictiveCache<Int, Int>(capacity: .objects(residents), policy: policy) { $0 &* 31 }
        for key in keys { _ = try await cache.get(key) }
        guard mode == "exported" else {
            return "PredictiveCache \(mode) hit, \(residents) keys: \(try await perHit(gets, keys: keys, cache)) ns"
        }
        let exporter = AdvisorMetrics(interval: .milliseconds(10))
        exporter.watch(cache, name: "benchmark")
        let reporting = Task { try await exporter.run() }
        defer { reporting.cancel() }
        return "PredictiveCache s3fifo hit, exported every 10 ms, \(residents) keys: \(try await perHit(gets, keys: keys, cache)) ns"
    case "miss":
        // Every get a new key: a miss, an instant load, an insert and an eviction.
        let cache = try PredictiveCache<Int, Int>(capacity: .objects(residents)) { $0 &* 31 }
        let nanoseconds = try await perGet(gets, keys: Array(residents..<(residents + gets))) { try await cache.get($0) }
        return "PredictiveCache S3-FIFO miss, instant loader, \(residents) keys: \(nanoseconds) ns"
    default:
        return nil
    }
}

let arguments = CommandLine.arguments
if arguments.count >= 3, let residents = Int(arguments[1]), residents > 0,
    let line = try await measure(
        arguments[2], residents: residents, gets: arguments.count > 3 ? Int(arguments[3]) ?? 10_000_000 : 10_000_000)
{
    print(line)
} else {
    print("usage: CacheCPUTime RESIDENTS dict|s3fifo|learned|exported|miss [GETS]")
    exit(2)
}
