import AdvisorCache
import AdvisorTestSupport
import Foundation
import Synchronization
import Testing

@testable import AdvisorTiered

/// Readers that keep reading while a test hurts Redis, counting every error they see.
private final class Readers: Sendable {
    let errors = Atomic<Int>(0)
    let reads = Atomic<Int>(0)
    let stop = Atomic<Bool>(false)

    func run(_ cache: TieredCache<Int>) async {
        await withTaskGroup(of: Void.self) { group in
            for reader in 0..<4 {
                group.addTask {
                    var index = reader
                    while !self.stop.load(ordering: .relaxed) {
                        do {
                            let value = try await cache.get("k\(index % 300)")
                            if value != "k\(index % 300)".count { self.errors.add(1, ordering: .relaxed) }
                        } catch {
                            self.errors.add(1, ordering: .relaxed)
                        }
                        self.reads.add(1, ordering: .relaxed)
                        index += 7
                    }
                }
            }
        }
    }
}

@Suite(.serialized)
struct FaultTests {
    @Test func readersSeeNoErrorWhileRedisIsKilledPausedAndRestarted() async throws {
        let server = try RedisServer()
        let store = CountingStore()
        let cache = try TieredCache<Int>(
            namespace: "f:", l1Capacity: 50, l1Expiry: .afterWrite(.milliseconds(200)),
            l2: RedisTier(host: "127.0.0.1", port: server.port, commandTimeout: .milliseconds(100)),
            l3: DiskTier(path: try temporaryPath("l3.sqlite"), byteCapacity: 1 << 20), loader: store.load)
        defer { cache.shutdown() }
        #expect(await eventually { cache.openL2Connections > 0 && cache.isInvalidationConnected })
        let readers = Readers()
        let reading = Task { await readers.run(cache) }
        func progress() async {
            let start = readers.reads.load(ordering: .relaxed)
            _ = await eventually { readers.reads.load(ordering: .relaxed) > start + 200 }
        }
        await progress()
        server.kill()
        await progress()
        try server.start()
        let restarted = ContinuousClock.now
        #expect(await eventually { cache.openL2Connections > 0 && cache.isInvalidationConnected })
        // A figure for the report, not an assertion: how long the client took to find the server again.
        print("tiered fault test: L2 and invalidation connections back \(ContinuousClock.now - restarted) after the restart")
        await progress()
        server.pause()
        await progress()
        server.resume()
        #expect(await eventually { cache.isInvalidationConnected })
        await progress()
        readers.stop.store(true, ordering: .relaxed)
        await reading.value
        #expect(readers.errors.load(ordering: .relaxed) == 0)
        let counts = cache.statistics()
        #expect(counts.l2.errors > 0)
        #expect(counts.l1Flushes >= 2)
    }
}
