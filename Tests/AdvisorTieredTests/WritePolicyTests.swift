import AdvisorCache
import AdvisorTestSupport
import Foundation
import Synchronization
import Testing

@testable import AdvisorTiered

/// A store in memory that can be told to fail its next calls or to take its time.
final class RecordingStore: Sendable {
    let rows = Mutex<[String: Int]>([:])
    let batches = Mutex<[[String]]>([])
    let failuresLeft = Atomic<Int>(0)
    let delay: Duration

    init(failing: Int = 0, delay: Duration = .zero) {
        failuresLeft.store(failing, ordering: .relaxed)
        self.delay = delay
    }

    struct Refused: Error {}

    func write(_ writes: [StoreWrite<Int>]) async throws {
        if delay > .zero { try await Task.sleep(for: delay) }
        if failuresLeft.load(ordering: .relaxed) > 0 {
            failuresLeft.subtract(1, ordering: .relaxed)
            throw Refused()
        }
        rows.withLock { rows in for write in writes { rows[write.key] = write.value } }
        batches.withLock { $0.append(writes.map(\.key)) }
    }

    func load(_ key: String) async throws -> Int { rows.withLock { $0[key] } ?? -1 }
}

struct WritePolicyTests {
    @Test func writeThroughLeavesTheCacheUnchangedWhenTheStoreFails() async throws {
        let store = RecordingStore(failing: 1)
        let cache = try TieredCache<Int>(
            namespace: "w:", l1Capacity: 10, l3: DiskTier(path: try temporaryPath("l3.sqlite"), byteCapacity: 1 << 20),
            writePolicy: .writeThrough(store: store.write), loader: store.load)
        defer { cache.shutdown() }
        #expect(try await cache.get("k") == -1)
        await #expect(throws: RecordingStore.Refused.self) { try await cache.set("k", 1) }
        #expect(try await cache.get("k") == -1)
        try await cache.set("k", 2)
        #expect(store.rows.withLock { $0["k"] } == 2)
        #expect(try await cache.get("k") == 2)
    }

    @Test func writeBehindCoalescesBatchesAndRetriesUntilTheStoreTakesEverything() async throws {
        let store = RecordingStore(failing: 3, delay: .milliseconds(5))
        let cache = try TieredCache<Int>(
            namespace: "w:", l1Capacity: 10,
            writePolicy: .writeBehind(
                WriteBehindSettings(
                    journalPath: try temporaryPath("journal.sqlite"), batchSize: 4, maxPending: 8, batchDelay: .milliseconds(30),
                    initialRetryDelay: .milliseconds(1)),
                store: store.write), loader: store.load)
        defer { cache.shutdown() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask { for index in 0..<40 { try await cache.set("k\(writer)-\(index % 5)", index) } }
            }
            group.addTask { for index in 0..<40 { try await cache.set("hot", index) } }
            try await group.waitForAll()
        }
        #expect(try await cache.get("k0-4") == 39)
        await cache.flush()
        let rows = store.rows.withLock { $0 }
        let expected = (0..<4).flatMap { writer in (0..<5).map { ("k\(writer)-\($0)", 35 + $0) } } + [("hot", 39)]
        #expect(rows == Dictionary(uniqueKeysWithValues: expected))
        let counts = cache.statistics().writes
        #expect(counts.acknowledged == 200)
        #expect(counts.failedBatches == 3)
        #expect(counts.coalesced > 0)
        #expect(counts.pending == 0)
        #expect(counts.backPressureWaits > 0)
        #expect(counts.peakPending <= 8)
        #expect(store.batches.withLock { $0.allSatisfy { $0.count <= 4 } })
    }

    @Test func theJournalIsReplayedWhenTheCacheIsCreatedAgain() async throws {
        let journal = try temporaryPath("journal.sqlite")
        let refusing = RecordingStore(failing: .max)
        do {
            let cache = try TieredCache<Int>(
                namespace: "w:", l1Capacity: 10,
                writePolicy: .writeBehind(WriteBehindSettings(journalPath: journal), store: refusing.write), loader: refusing.load)
            for index in 0..<20 { try await cache.set("k\(index)", index) }
            #expect(try await cache.get("k3") == 3)
            cache.shutdown()
        }
        let store = RecordingStore()
        let restarted = try TieredCache<Int>(
            namespace: "w:", l1Capacity: 10,
            writePolicy: .writeBehind(WriteBehindSettings(journalPath: journal), store: store.write), loader: store.load)
        defer { restarted.shutdown() }
        #expect(try await restarted.get("k5") == 5)
        await restarted.flush()
        #expect(store.rows.withLock { $0 } == Dictionary(uniqueKeysWithValues: (0..<20).map { ("k\($0)", $0) }))
        #expect(restarted.statistics().writes.replayed == 20)
    }
}
