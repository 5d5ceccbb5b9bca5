import Testing

@testable import AdvisorCache

/// Suggests the id after the one requested: ids are handed out by first appearance, so this
/// predicts the key first seen right after the requested one.
struct NextIDAdvisor: PrefetchAdvisor {
    mutating func suggest(
        after id: ObjectID, now: Int, history: ObjectHistory, isResident: (ObjectID) -> Bool, into candidates: inout [ObjectID]
    ) {
        candidates.append(id + 1)
    }
    mutating func forget(_ id: ObjectID) {}
}

@Suite struct PredictiveCachePrefetchTests {
    private func makeCache(
        _ store: CountingStore, capacity: Int = 8, maxInFlight: Int = 4, advisor: sending (any PrefetchAdvisor)? = nil
    ) -> PredictiveCache<String, String> {
        PredictiveCache(
            policy: LRUPolicy(capacity: capacity), weigh: nil,
            prefetch: PrefetchConfiguration(maxInFlight: maxInFlight, advisor: advisor)
        ) { try await store.load($0) }
    }

    @Test func theAdvisorsSuggestionsLoadAheadAndAHitUsesThem() async throws {
        let store = CountingStore()
        let cache = makeCache(store, advisor: NextIDAdvisor())
        for key in ["a", "b", "c"] { _ = try await cache.get(key) }
        // Each suggestion named a key not yet seen: nothing to prefetch.
        #expect(cache.snapshot().prefetchesIssued == 0)
        cache.removeAll()
        _ = try await cache.get("a")  // suggests b, remembered since removeAll
        #expect(try await eventually { cache.snapshot().prefetchesCompleted == 1 })
        #expect(store.calls(for: "b") == 2)
        #expect(try await cache.get("b") == "value of b")
        #expect(store.calls(for: "b") == 2)
        let stats = cache.snapshot()
        #expect((stats.prefetchesUsed, stats.misses, stats.hits) == (1, 4, 1))
        // The hit on b suggested c in turn.
        #expect(try await eventually { cache.peek("c") == "value of c" })
        #expect(cache.audit().violations.isEmpty)
    }

    @Test func prefetchesBeyondTheLimitAreDroppedAndLeaveNoTrace() async throws {
        let store = CountingStore(gate: LoadGate())
        let cache = makeCache(store, maxInFlight: 2)
        cache.prefetch(["a", "b", "c", "d"])
        var stats = cache.snapshot()
        #expect((stats.prefetchesIssued, stats.prefetchesDropped, stats.loadsInFlight, stats.trackedKeys) == (2, 2, 2, 2))
        store.gate?.open()
        #expect(try await eventually { cache.snapshot().prefetchesCompleted == 2 })
        #expect(try await cache.get("a") == "value of a")
        cache.removeAll()
        stats = cache.snapshot()
        #expect((stats.hits, stats.prefetchesUsed, stats.prefetchesWasted) == (1, 1, 1))
        #expect((store.calls(for: "c"), store.calls(for: "d")) == (0, 0))
        #expect(cache.audit().violations.isEmpty)
    }

    @Test func aGetOnAPrefetchInFlightWaitsForItAsALatePrefetch() async throws {
        let store = CountingStore(gate: LoadGate())
        let cache = makeCache(store)
        cache.prefetch(["a"])
        let reader = Task { try await cache.get("a") }
        #expect(try await eventually { cache.snapshot().misses == 1 })
        store.gate?.open()
        #expect(try await reader.value == "value of a")
        let stats = cache.snapshot()
        #expect((stats.loads, stats.coalescedWaits, stats.prefetchesLate, stats.prefetchesCompleted) == (0, 1, 1, 1))
        #expect(store.calls(for: "a") == 1)
        // Stored as requested: leaving the cache later is not a wasted prefetch.
        cache.invalidate("a")
        #expect(cache.snapshot().prefetchesWasted == 0)
    }

    @Test func anUnusedPrefetchThatIsEvictedIsWasted() async throws {
        let store = CountingStore()
        let cache = makeCache(store, capacity: 1)
        cache.prefetch(["a"])
        #expect(try await eventually { cache.peek("a") != nil })
        _ = try await cache.get("b")
        let stats = cache.snapshot()
        #expect((stats.evictions, stats.prefetchesWasted, stats.prefetchesUsed) == (1, 1, 0))
    }

    @Test func aFailedPrefetchIsCountedAndCachesNothing() async throws {
        let store = CountingStore()
        store.fail("a")
        let cache = makeCache(store)
        cache.prefetch(["a"])
        #expect(try await eventually { cache.snapshot().prefetchesFailed == 1 })
        let stats = cache.snapshot()
        #expect((stats.residentCount, stats.loadsInFlight, stats.loadFailures) == (0, 0, 0))
        #expect(cache.peek("a") == nil)
        #expect(cache.audit().violations.isEmpty)
    }
}
