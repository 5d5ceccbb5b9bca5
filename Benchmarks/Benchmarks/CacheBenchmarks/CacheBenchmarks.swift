import AdvisorCache
import BenchmarkKeys
import Benchmark
import Foundation
import Synchronization

// A `PredictiveCache` hit against the dictionary an embedder would otherwise put behind a lock,
// both in the same run: `Int` keys and values, every key resident, looked up in a shuffled order
// (so 100,000 keys miss the CPU caches as they would in a service). Each measured iteration is
// one million gets; the figures are per get. "2 tasks" splits the million between two tasks
// hammering the same cache at once.
//
// The learned policy needs the models `advisor train` writes: it runs when `ADVISOR_CACHE_MODELS`
// (default: the repository's `Models/`) holds cache-eviction.json.

/// Runs `body` over `keys` `iterations` times in total, split across `tasks` tasks.
func spread(_ iterations: Int, tasks: Int, keys: [Int], _ body: @escaping @Sendable (Int) async throws -> Int) async throws {
    try await withThrowingTaskGroup(of: Int.self) { group in
        for task in 0..<tasks {
            group.addTask {
                var sum = 0
                var index = task * keys.count / tasks
                for _ in 0..<(iterations / tasks) {
                    sum &+= try await body(keys[index])
                    index += 1
                    if index == keys.count { index = 0 }
                }
                return sum
            }
        }
        for try await sum in group { blackHole(sum) }
    }
}

func cacheBenchmarks() {
    let configuration = Benchmark.Configuration(metrics: [.wallClock, .throughput], scalingFactor: .mega, maxDuration: .seconds(5))
    let folder =
        ProcessInfo.processInfo.environment["ADVISOR_CACHE_MODELS"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Models").path
    let models = try? CacheModels(folder: folder)
    if models == nil { print("no cache models in \(folder): the learned-policy benchmarks are skipped (run `advisor train`)") }

    for residents in [1_000, 100_000] {
        let keys = shuffledKeys(residents)
        let table = Mutex([Int: Int](uniqueKeysWithValues: keys.map { ($0, $0 &* 31) }))
        let policies = models == nil ? ["S3-FIFO"] : ["S3-FIFO", "learned"]
        for tasks in [1, 2] {
            let label = "\(residents) keys, \(tasks) task\(tasks == 1 ? "" : "s")"
            Benchmark("Mutex<[Int: Int]> lookup, \(label)", configuration: configuration) { benchmark in
                try await spread(benchmark.scaledIterations.count, tasks: tasks, keys: keys) { key in
                    table.withLock { $0[key] } ?? 0
                }
            }
            for name in policies {
                let policy: CacheEviction = name == "learned" ? .learned(models!) : .baseline(.s3fifo)
                let cache = try! PredictiveCache<Int, Int>(capacity: .objects(residents), policy: policy) { $0 &* 31 }
                Benchmark("PredictiveCache \(name) hit, \(label)", configuration: configuration) { benchmark in
                    for key in keys { blackHole(try await cache.get(key)) }
                    precondition(cache.snapshot().misses == residents, "every key must be resident before timing")
                    benchmark.startMeasurement()
                    try await spread(benchmark.scaledIterations.count, tasks: tasks, keys: keys) { key in
                        try await cache.get(key)
                    }
                    benchmark.stopMeasurement()
                }
            }
        }
    }

    // Every get a new key: a miss, an instant load, an insert and an eviction.
    let cache = try! PredictiveCache<Int, Int>(capacity: .objects(1_000)) { $0 &* 31 }
    let next = Mutex(0)
    Benchmark(
        "PredictiveCache S3-FIFO miss, instant loader, 1 task",
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .kilo, maxDuration: .seconds(5))
    ) { benchmark in
        let first = next.withLock { value in
            defer { value += benchmark.scaledIterations.count }
            return value
        }
        for key in first..<(first + benchmark.scaledIterations.count) { blackHole(try await cache.get(key)) }
    }
}

let benchmarks: @Sendable () -> Void = {
    cacheBenchmarks()
}
