import AdvisorCache
import AdvisorTestSupport
import Foundation
import Synchronization
import Testing

@testable import AdvisorTiered

/// A loader that counts its calls and can be told what to answer.
final class CountingStore: Sendable {
    let values = Mutex<[String: Int]>([:])
    let loads = Atomic<Int>(0)

    func load(_ key: String) async throws -> Int {
        loads.add(1, ordering: .relaxed)
        try await Task.sleep(for: .milliseconds(5))
        return values.withLock { $0[key] } ?? key.count
    }
}

@Suite(.serialized)
struct TieredCacheTests {
    private func makeCache(_ server: RedisServer, store: CountingStore, l3: String? = nil, namespace: String = "t:") throws -> TieredCache<
        Int
    > {
        try TieredCache<Int>(
            namespace: namespace, l1Capacity: 100, l1Expiry: .afterWrite(.seconds(30)),
            l2: RedisTier(host: "127.0.0.1", port: server.port, ttl: .seconds(60)),
            l3: l3.map { DiskTier(path: $0, byteCapacity: 1 << 20) }, loader: store.load)
    }

    @Test func readsGoDownTheLevelsAndTheCountsAddUp() async throws {
        let server = try RedisServer()
        let store = CountingStore()
        let first = try makeCache(server, store: store, l3: try temporaryPath("l3.sqlite"))
        defer { first.shutdown() }
        #expect(await eventually { first.openL2Connections > 0 && first.isInvalidationConnected })
        for key in ["a", "bb", "ccc"] { #expect(try await first.get(key) == key.count) }
        for key in ["a", "bb", "ccc"] { #expect(try await first.get(key) == key.count) }
        #expect(store.loads.load(ordering: .relaxed) == 3)
        let second = try makeCache(server, store: store)
        defer { second.shutdown() }
        #expect(await eventually { second.openL2Connections > 0 })
        #expect(try await second.get("bb") == 2)
        #expect(store.loads.load(ordering: .relaxed) == 3)
        let counts = first.statistics()
        #expect(counts.l1.hits == 3)
        #expect(counts.l2.lookups == 3 && counts.l2.misses == 3)
        #expect(counts.l3.lookups == counts.l2.misses + counts.l2.errors)
        #expect(counts.loads == counts.l3.misses + counts.l3.errors)
        #expect(counts.l1.loads == counts.pendingHits + counts.l2.lookups)
        #expect(second.statistics().l2.hits == 1)
    }

    @Test func concurrentMissesShareOneLoad() async throws {
        let server = try RedisServer()
        let store = CountingStore()
        let cache = try makeCache(server, store: store)
        defer { cache.shutdown() }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<50 { group.addTask { try await cache.get("shared") } }
            for try await value in group { #expect(value == 6) }
        }
        #expect(store.loads.load(ordering: .relaxed) == 1)
    }

    @Test func getManyDoesNotPromote() async throws {
        let server = try RedisServer()
        let store = CountingStore()
        let cache = try makeCache(server, store: store)
        defer { cache.shutdown() }
        #expect(await eventually { cache.openL2Connections > 0 && cache.isInvalidationConnected })
        _ = try await cache.get("warm")
        let values = try await cache.getMany(["warm", "cold1", "cold22"])
        #expect(values == ["warm": 4, "cold1": 5, "cold22": 6])
        #expect(cache.statistics().l1.residentCount == 1)
        #expect(try server.cli("EXISTS", "t:cold1") == "0")
    }

    @Test func aWriteOrInvalidationReachesTheOtherInstance() async throws {
        let server = try RedisServer()
        let store = CountingStore()
        let writer = try makeCache(server, store: store)
        let reader = try makeCache(server, store: store)
        defer {
            writer.shutdown()
            reader.shutdown()
        }
        #expect(await eventually { writer.isInvalidationConnected && reader.isInvalidationConnected && reader.openL2Connections > 0 })
        #expect(try await reader.get("user:1") == 6)
        try await writer.set("user:1", 100)
        #expect(await eventually { (try? await reader.get("user:1")) == 100 })
        _ = try await reader.get("user:2")
        store.values.withLock { $0["user:2"] = 200 }
        await writer.invalidate(prefix: "user:")
        #expect(await eventually { (try? await reader.get("user:2")) == 200 })
    }

    @Test func aReplacementCodecIsUsedForEveryLevel() async throws {
        struct Decimal: TieredCodec {
            func encode(_ value: Int) throws -> [UInt8] { Array(String(value).utf8) }
            func decode(_ bytes: [UInt8]) throws -> Int { Int(String(decoding: bytes, as: UTF8.self)) ?? -1 }
        }
        let server = try RedisServer()
        let cache = try TieredCache<Int>(
            namespace: "c:", l1Capacity: 10, l2: RedisTier(host: "127.0.0.1", port: server.port), codec: Decimal(),
            loader: { _ in 12345 })
        defer { cache.shutdown() }
        #expect(await eventually { cache.openL2Connections > 0 && cache.isInvalidationConnected })
        #expect(try await cache.get("x") == 12345)
        #expect(await eventually { (try? server.cli("GET", "c:x")) == "12345" })
    }
}
