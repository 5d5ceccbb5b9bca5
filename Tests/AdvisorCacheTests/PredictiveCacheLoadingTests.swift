import Synchronization
import Testing

@testable import AdvisorCache

/// The store behind a cache in these tests: counts calls per key and can hold or fail them.
final class CountingStore: Sendable {
    struct Failure: Error, Equatable { let key: String }

    private let calls = Mutex<[String: Int]>([:])
    private let failing = Mutex<Set<String>>([])
    let gate: LoadGate?

    init(gate: LoadGate? = nil) { self.gate = gate }

    func load(_ key: String) async throws -> String {
        calls.withLock { $0[key, default: 0] += 1 }
        await gate?.pass()
        if failing.withLock({ $0.contains(key) }) { throw Failure(key: key) }
        return "value of \(key)"
    }

    func calls(for key: String) -> Int { calls.withLock { $0[key, default: 0] } }
    func fail(_ key: String, _ shouldFail: Bool = true) {
        failing.withLock { failing in
            if shouldFail { failing.insert(key) } else { failing.remove(key) }
        }
    }
}

@Suite struct PredictiveCacheLoadingTests {
    private func makeCache(_ store: CountingStore, capacity: Int = 4) -> PredictiveCache<String, String> {
        PredictiveCache(policy: LRUPolicy(capacity: capacity), weigh: nil) { try await store.load($0) }
    }

    @Test func aSecondGetIsAHitWithoutLoading() async throws {
        let store = CountingStore()
        let cache = makeCache(store)
        #expect(try await cache.get("a") == "value of a")
        #expect(try await cache.get("a") == "value of a")
        #expect(store.calls(for: "a") == 1)
        let stats = cache.snapshot()
        #expect((stats.hits, stats.misses, stats.loads, stats.loadSuccesses) == (1, 1, 1, 1))
        #expect((stats.residentCount, stats.residentWeight, stats.capacity) == (1, 1, 4))
    }

    @Test func concurrentMissesOnOneKeyShareOneLoad() async throws {
        let store = CountingStore(gate: LoadGate())
        let cache = makeCache(store)
        let callers = 8
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<callers { group.addTask { try await cache.get("k") } }
            // Every caller has missed and is waiting before the one load may finish.
            #expect(try await eventually { cache.snapshot().misses == callers })
            store.gate?.open()
            for try await value in group { #expect(value == "value of k") }
        }
        #expect(store.calls(for: "k") == 1)
        let stats = cache.snapshot()
        #expect((stats.misses, stats.loads, stats.coalescedWaits) == (callers, 1, callers - 1))
        #expect(try await cache.get("k") == "value of k")
        #expect(store.calls(for: "k") == 1)
    }

    @Test func aFailedLoadReachesEveryWaiterAndIsNotCached() async throws {
        let store = CountingStore(gate: LoadGate())
        store.fail("k")
        let cache = makeCache(store)
        let errors = try await withThrowingTaskGroup(of: (any Error)?.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    do {
                        _ = try await cache.get("k")
                        return nil
                    } catch { return error }
                }
            }
            #expect(try await eventually { cache.snapshot().misses == 3 })
            store.gate?.open()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(errors.count == 3)
        #expect(errors.allSatisfy { ($0 as? CountingStore.Failure) == CountingStore.Failure(key: "k") })
        #expect(cache.peek("k") == nil)
        #expect((cache.snapshot().loadFailures, cache.snapshot().residentCount) == (1, 0))

        store.fail("k", false)
        #expect(try await cache.get("k") == "value of k")
        #expect(store.calls(for: "k") == 2)
        #expect(cache.audit().violations.isEmpty)
    }

    @Test func aCancelledWaiterStopsWaitingWhileTheLoadGoesOn() async throws {
        let store = CountingStore(gate: LoadGate())
        let cache = makeCache(store)
        // The first miss runs the load in its own task; the cancelled caller waits on it.
        let patient = Task { try await cache.get("k") }
        #expect(try await eventually { store.gate?.entered == 1 })
        let cancelled = Task { try await cache.get("k") }
        #expect(try await eventually { cache.snapshot().misses == 2 })
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        store.gate?.open()
        #expect(try await patient.value == "value of k")
        let stats = cache.snapshot()
        #expect((stats.loads, stats.cancelledWaits, stats.residentCount) == (1, 1, 1))
        #expect(cache.peek("k") == "value of k")
    }

    @Test func aCancelledLoadingCallerHandsItsLoadToTheOthersWaiting() async throws {
        let calls = Mutex(0)
        let cache = PredictiveCache<String, String>(policy: LRUPolicy(capacity: 4), weigh: nil) { key in
            // The first load waits until its caller is cancelled; the one that takes over answers at once.
            if calls.withLock({
                $0 += 1
                return $0
            }) == 1 {
                try await Task.sleep(for: .seconds(3600))
            }
            return "value of \(key)"
        }
        let cancelled = Task { try await cache.get("k") }
        #expect(try await eventually { calls.withLock { $0 } == 1 })
        let patient = Task { try await cache.get("k") }
        #expect(try await eventually { cache.snapshot().misses == 2 })
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(try await patient.value == "value of k")
        let stats = cache.snapshot()
        #expect((calls.withLock { $0 }, stats.loads, stats.loadSuccesses, stats.loadFailures, stats.coalescedWaits) == (2, 1, 1, 0, 1))
        #expect(cache.peek("k") == "value of k")
        #expect(cache.audit().violations.isEmpty)
    }

    @Test func aPutDuringALoadIsNotOverwrittenByIt() async throws {
        let store = CountingStore(gate: LoadGate())
        let cache = makeCache(store)
        let reader = Task { try await cache.get("k") }
        #expect(try await eventually { store.gate?.entered == 1 })
        cache.put("k", "newer")
        store.gate?.open()
        // The waiting reader gets what it asked the store for; the cache keeps the newer put.
        #expect(try await reader.value == "value of k")
        #expect(cache.peek("k") == "newer")
        #expect(try await cache.get("k") == "newer")
        #expect(cache.audit().violations.isEmpty)
    }

    @Test func anInvalidationDuringALoadKeepsItsValueOut() async throws {
        let store = CountingStore(gate: LoadGate())
        let cache = makeCache(store)
        let reader = Task { try await cache.get("k") }
        #expect(try await eventually { store.gate?.entered == 1 })
        cache.invalidate("k")
        store.gate?.open()
        #expect(try await reader.value == "value of k")
        #expect(cache.peek("k") == nil)
        #expect(cache.snapshot().residentCount == 0)
        #expect(cache.audit().violations.isEmpty)
    }

    @Test func putInvalidateAndRemoveAllChangeWhatIsResident() async throws {
        let store = CountingStore()
        let cache = makeCache(store)
        cache.put("a", "A")
        cache.put("b", "B")
        #expect(try await cache.get("a") == "A")
        #expect(store.calls(for: "a") == 0)
        cache.invalidate("a")
        #expect(cache.peek("a") == nil)
        #expect(cache.peek("b") == "B")
        cache.removeAll()
        #expect(cache.peek("b") == nil)
        let stats = cache.snapshot()
        #expect((stats.puts, stats.invalidations, stats.residentCount, stats.residentWeight) == (2, 2, 0, 0))
        #expect(cache.audit().violations.isEmpty)
    }

    @Test func peekChangesNothing() async throws {
        let store = CountingStore()
        let cache = makeCache(store, capacity: 2)
        _ = try await cache.get("a")
        _ = try await cache.get("b")
        // LRU: peeking "a" must not refresh it, so "c" evicts "a", not "b".
        #expect(cache.peek("a") == "value of a")
        _ = try await cache.get("c")
        #expect(cache.peek("a") == nil)
        #expect(cache.peek("b") == "value of b")
        #expect((cache.snapshot().hits, cache.snapshot().misses, cache.snapshot().evictions) == (0, 3, 1))
    }
}
