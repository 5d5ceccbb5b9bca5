import AdvisorTestSupport
import Testing

@testable import AdvisorCache

/// Many tasks on one cache, with keys from a real block trace: the capacity must hold at every
/// moment, every caller must get its own key's value, and the counters must add up.
@Suite struct PredictiveCacheStressTests {
    /// A cached block: its key (the trace's block, numbered by first appearance) and the size of
    /// its first request.
    struct Block: Sendable, Equatable {
        let key: Int
        let size: Int
    }

    struct StoreFailure: Error {}

    /// One configuration under stress.
    struct Setup: Sendable, CustomTestStringConvertible {
        let policy: BaselinePolicy
        /// Capacity in entries; a byte capacity holds this many blocks of the trace's mean size.
        let entries: Int
        let byBytes: Bool
        let operationsPerWorker: Int
        /// The learned policy (S3-FIFO floor, online refits) instead of `policy`.
        var learned = false
        var testDescription: String {
            "\(learned ? "learned" : policy.rawValue), \(entries) \(byBytes ? "mean-sized blocks of bytes" : "entries")"
        }
    }

    static let workers = 4
    static let maxPrefetchesInFlight = 4
    /// The trace's mean request size in bytes.
    static let meanSize = 36_937

    /// 1.7 million operations in all. The trace has 48,974 blocks: the two large caches hold
    /// 92% of them, so after a first pass most gets hit, which keeps the run within seconds in a
    /// debug build (a miss costs ~10x a hit there: the loader, a continuation for each caller that
    /// joins a load, two or three critical sections); the small one churns, so ids are forgotten and recycled while tasks race.
    @Test(arguments: [
        Setup(policy: .s3fifo, entries: 45_000, byBytes: false, operationsPerWorker: 250_000),
        Setup(policy: .arc, entries: 45_000, byBytes: true, operationsPerWorker: 125_000),
        Setup(policy: .sieve, entries: 2_000, byBytes: false, operationsPerWorker: 50_000),
        Setup(policy: .s3fifo, entries: 2_000, byBytes: false, operationsPerWorker: 50_000, learned: true),
    ])
    func concurrentUseKeepsCapacityValuesAndCounters(_ setup: Setup) async throws {
        let trace = try CloudPhysicsTrace.whole()
        let keys = trace.ids.map { Int($0) }
        var firstSizes = [Int](repeating: 0, count: keys.max()! + 1)
        for (key, size) in zip(keys, trace.sizes) where firstSizes[key] == 0 { firstSizes[key] = size }
        let sizes = firstSizes
        let capacity: CacheCapacity<Block> =
            setup.byBytes ? .bytes(setup.entries * Self.meanSize, weigh: { $0.size }) : .objects(setup.entries)
        let clock = ManualClock()
        // Half the run on the manual clock (see `work`), so entries stored early expire late.
        let ttl = Duration.milliseconds(Self.workers * setup.operationsPerWorker / 256 / 2)
        let cache = try PredictiveCache<Int, Block>(
            capacity: capacity, policy: setup.learned ? .custom(LearnedPolicy(capacity: capacity.limit)) : .baseline(setup.policy),
            expiry: .afterWrite(ttl),
            prefetch: PrefetchConfiguration(maxInFlight: Self.maxPrefetchesInFlight, advisor: NextIDAdvisor()), clock: clock
        ) { key in
            // Some blocks cannot be read: their errors must reach the callers and never be cached.
            if key % 211 == 0 { throw StoreFailure() }
            return Block(key: key, size: sizes[key])
        }

        let sampler = Task { await Self.sample(cache, capacity: capacity.limit) }
        let outcomes = try await withThrowingTaskGroup(of: WorkerOutcome.self) { group in
            for worker in 0..<Self.workers {
                group.addTask {
                    try await Self.work(
                        cache, clock: clock, operations: setup.operationsPerWorker, keys: keys, sizes: sizes,
                        from: worker * keys.count / Self.workers)
                }
            }
            return try await group.reduce(into: WorkerOutcome()) { $0.add($1) }
        }
        sampler.cancel()
        let samples = await sampler.value

        #expect(outcomes.wrongValues == 0)
        #expect(outcomes.wrongErrors == 0)
        #expect(samples.capacityExceeded == 0)
        #expect(samples.inconsistent == 0)
        #expect(samples.count > 10, "the sampler should have looked many times while the workers ran")
        #expect(try await eventually { cache.snapshot().loadsInFlight == 0 })
        let stats = cache.snapshot()
        #expect(stats.gets == outcomes.gets)
        #expect(stats.misses == stats.loads + stats.coalescedWaits)
        #expect(stats.loads == stats.loadSuccesses + stats.loadFailures)
        #expect(stats.prefetchesIssued == stats.prefetchesCompleted + stats.prefetchesFailed)
        #expect(stats.puts == outcomes.puts)
        #expect(stats.hits > 0 && stats.evictions > 0 && stats.prefetchesUsed > 0 && stats.loadFailures > 0)
        // The small cache evicts its entries long before they could expire.
        #expect(stats.expirations > 0 || setup.entries < 10_000)
        let audit = cache.audit()
        #expect(audit.violations.isEmpty, "\(audit.violations.prefix(5))")
        if !setup.byBytes {
            // Resident and retired ids, plus one per load that can be in flight at once.
            #expect(audit.idSpan <= 2 * setup.entries + Self.workers + Self.maxPrefetchesInFlight)
        }
    }

    struct WorkerOutcome: Sendable {
        var gets = 0
        var puts = 0
        var wrongValues = 0
        var wrongErrors = 0

        mutating func add(_ other: Self) {
            gets += other.gets
            puts += other.puts
            wrongValues += other.wrongValues
            wrongErrors += other.wrongErrors
        }
    }

    /// Walks the trace from `start`, wrapping around: mostly gets, with puts and invalidations.
    /// The manual clock moves 1 ms every 256 operations of each worker, so that expiry depends
    /// on the work done, not on how fast the machine is.
    static func work(
        _ cache: PredictiveCache<Int, Block>, clock: ManualClock, operations: Int, keys: [Int], sizes: [Int], from start: Int
    ) async throws -> WorkerOutcome {
        var outcome = WorkerOutcome()
        for step in 0..<operations {
            if step % 256 == 0 {
                clock.advance(by: .milliseconds(1))
                // Hits never suspend: yield now and then so that tests running beside this one
                // get the cooperative threads too.
                await Task.yield()
            }
            let key = keys[(start + step) % keys.count]
            if step % 64 == 63 {
                cache.put(key, Block(key: key, size: sizes[key]))
                outcome.puts += 1
            } else if step % 257 == 0 {
                cache.invalidate(key)
            } else {
                outcome.gets += 1
                do {
                    if try await cache.get(key) != Block(key: key, size: sizes[key]) { outcome.wrongValues += 1 }
                } catch is StoreFailure {
                    // Only blocks the store cannot read may fail (a put may still have cached one).
                    if key % 211 != 0 { outcome.wrongErrors += 1 }
                }
            }
        }
        return outcome
    }

    struct Samples: Sendable {
        var count = 0
        var capacityExceeded = 0
        var inconsistent = 0
    }

    /// Until cancelled: checks snapshots, and now and then the full bookkeeping.
    static func sample(_ cache: PredictiveCache<Int, Block>, capacity: Int) async -> Samples {
        var samples = Samples()
        while !Task.isCancelled {
            let stats = cache.snapshot()
            samples.count += 1
            if stats.residentWeight > capacity { samples.capacityExceeded += 1 }
            if stats.misses != stats.loads + stats.coalescedWaits || stats.loadSuccesses + stats.loadFailures > stats.loads
                || stats.prefetchesCompleted + stats.prefetchesFailed > stats.prefetchesIssued
            {
                samples.inconsistent += 1
            }
            // The full audit holds the lock for a while: now and then is enough.
            if samples.count % 512 == 0, !cache.audit().violations.isEmpty { samples.inconsistent += 1 }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return samples
    }
}
