import AdvisorTestSupport
import Foundation
import Testing

@testable import AdvisorCache

@Suite struct PolicyInvariantTests {
    /// A B A C B A D A B C, as ids 0...3, at capacity 2. Counted by hand (resident sets after
    /// each request, oldest or least recent first):
    /// - LRU:   A | A B | B A* | A C | C B | B A | A D | D A* | A B | B C            → 2 hits, 0.8
    /// - FIFO:  A | A B | A B* | B C | B C* | C A | A D | A D* | D B | B C           → 3 hits, 0.7
    /// - CLOCK: A A hit sets A's bit; C: A gets a second round, B leaves; then B, A, D each evict
    ///          the unmarked tail; A hits; B: A's bit spares it, D leaves; C evicts A  → 2 hits, 0.8
    /// - SIEVE: like CLOCK until request 9, where the hand (past D's slot) clears A's bit and
    ///          evicts D; C then evicts A                                            → 2 hits, 0.8
    /// - Belady: hits at A (2), B (4: A was evicted at 3, needed at 5, later than B at 4),
    ///          A (7: C, needed at 9, left at 5; B, needed at 8, left at 6)          → 3 hits, 0.7
    static let tinyTrace: [ObjectID] = [0, 1, 0, 2, 1, 0, 3, 0, 1, 2]

    @Test(arguments: [(BaselinePolicy.lru, 2), (.fifo, 3), (.clock, 2), (.sieve, 2), (.belady, 3)])
    func handCountedHitsOnATinyTrace(policy: BaselinePolicy, expectedHits: Int) throws {
        let outcome = try policy.withPolicy(capacity: 2, nextAccess: NextAccess.compute(Self.tinyTrace), Replay(ids: Self.tinyTrace))
        #expect(outcome.hits == expectedHits)
    }

    @Test func nextAccessPointsAtTheNextRequestOfTheSameObject() {
        let never = NextAccess.never
        #expect(NextAccess.compute(Self.tinyTrace) == [2, 4, 5, 9, 8, 7, never, never, never, never])
        #expect(NextAccess.compute([ObjectID]()).isEmpty)
    }

    /// Every core, on the first requests of a real block trace, in objects and in bytes, with
    /// expiries and forgotten identifiers mixed in: the capacity is never exceeded, and `access`,
    /// `contains`, `used` and `residentCount` agree with a shadow built from the eviction callbacks.
    @Test(arguments: BaselinePolicy.allCases)
    func shadowBookkeepingHoldsOnARealTracePrefix(policy: BaselinePolicy) throws {
        let trace = try CloudPhysicsTrace.load(requests: 6_000)
        let next = NextAccess.compute(trace.ids)
        for capacity in [10, 150, 1_200] {
            let counted = try policy.withPolicy(capacity: capacity, nextAccess: next, Replay(ids: trace.ids, checked: true))
            #expect(counted.violations.isEmpty, "\(policy) objects \(capacity): \(counted.violations.prefix(3))")
            #expect(counted.hits > 0, "\(policy) objects \(capacity) got no hit at all")
        }
        let averageSize = trace.sizes.reduce(0, +) / trace.sizes.count
        for objects in [40, 400] {
            let capacity = objects * averageSize
            let weighed = try policy.withPolicy(
                capacity: capacity, nextAccess: next, Replay(ids: trace.ids, weights: trace.sizes, checked: true))
            #expect(weighed.violations.isEmpty, "\(policy) bytes \(capacity): \(weighed.violations.prefix(3))")
            #expect(weighed.hits > 0, "\(policy) bytes \(capacity) got no hit at all")
        }
    }

    @Test(arguments: BaselinePolicy.allCases)
    func anObjectHeavierThanTheCapacityIsRefusedWithoutEvicting(policy: BaselinePolicy) throws {
        let refused = try policy.withPolicy(capacity: 1_000, nextAccess: [Int32](repeating: NextAccess.never, count: 3), HeavyInsert())
        #expect(refused.admittedLight)
        #expect(!refused.admittedHeavy)
        #expect(refused.evictions == 0)
        #expect(refused.usedAfter == 10)
    }

    @Test func removeAndForgetDropOnlyTheirObject() {
        var policy = ARCPolicy(capacity: 3)
        for id: ObjectID in 0..<3 { _ = policy.insert(id, weight: 1, now: Int(id)) { _ in Issue.record("no eviction expected") } }
        policy.remove(1)
        #expect(!policy.contains(1) && policy.contains(0) && policy.contains(2))
        #expect(policy.residentCount == 2 && policy.used == 2)
        policy.forget(2)
        policy.forget(7)
        #expect(policy.residentCount == 1 && policy.contains(0))
        let removedHit = policy.access(1, now: 3)
        #expect(!removedHit)
    }

    @Test func identifiersBeyondTheExpectedRangeGrowTheTables() {
        var policy = S3FIFOPolicy(capacity: 100, expectedIDs: 4)
        let early = policy.access(50_000, now: 0)
        let admitted = policy.insert(50_000, weight: 1, now: 0) { _ in }
        let later = policy.access(50_000, now: 1)
        #expect(!early && admitted && later)
    }

    @Test func policiesAreNamedAsOnTheCommandLine() throws {
        #expect(
            BaselinePolicy.allCases.map(\.rawValue) == [
                "fifo", "lru", "clock", "arc", "slru", "2q", "s3fifo", "sieve", "wtinylfu", "wtinylfu-adaptive", "belady",
            ])
        #expect(throws: CacheConfigurationError.self) { try BaselinePolicy.belady.make(capacity: 10) }
        #expect(throws: CacheConfigurationError.self) { try BaselinePolicy.lru.make(capacity: 0) }
        #expect(try BaselinePolicy.s3fifo.make(capacity: 10).capacity == 10)
    }

    /// XXH64 values of 8-byte little-endian words, from the reference implementation (python-xxhash 4.1.0).
    @Test func sketchHashIsXXH64() {
        #expect(XXH64.hash(0, seed: 0x1234_5678) == 7_474_699_180_120_069_235)
        #expect(XXH64.hash(1, seed: 0x1234_5678) == 512_166_280_014_807_191)
        #expect(XXH64.hash(12_345, seed: 0x1234_4321) == 1_699_571_549_110_531_349)
    }

    @Test func sketchCountsAndAges() {
        var sketch = FrequencySketch(entries: 1_000)
        for _ in 0..<6 { sketch.add(42) }
        sketch.add(7)
        #expect(sketch.estimate(42) >= 6 && sketch.estimate(7) >= 1)
        #expect(sketch.estimate(42) > sketch.estimate(7))
        sketch.halve()
        #expect(sketch.estimate(42) == 3)
    }
}

/// Replays ids (weight 1 or the given weights), counting hits; optionally checks the policy
/// against a shadow of what it holds after every request.
private struct Replay: CachePolicyVisitor {
    var ids: [ObjectID]
    var weights: [Int]? = nil
    var checked = false

    struct Outcome {
        var hits = 0
        var violations: [String] = []
    }

    func visit<Policy: CachePolicy>(_ policy: inout Policy) -> Outcome {
        var outcome = Outcome()
        var shadow: [ObjectID: Int] = [:]
        for (now, id) in ids.enumerated() {
            let weight = weights?[now] ?? 1
            let hit = policy.access(id, now: now)
            if hit { outcome.hits += 1 }
            guard checked else {
                if !hit { _ = policy.insert(id, weight: weight, now: now) { _ in } }
                continue
            }
            if hit != (shadow[id] != nil) { outcome.violations.append("request \(now): access said \(hit) for \(id)") }
            if !hit {
                var evictedHere: [ObjectID] = []
                let admitted = policy.insert(id, weight: weight, now: now) { evictedHere.append($0) }
                for victim in evictedHere {
                    if shadow.removeValue(forKey: victim) == nil {
                        outcome.violations.append("request \(now): evicted \(victim), not resident")
                    }
                    if policy.contains(victim) { outcome.violations.append("request \(now): evicted \(victim) still contained") }
                }
                if admitted { shadow[id] = weight }
                if admitted != policy.contains(id) {
                    outcome.violations.append("request \(now): admitted \(admitted) but contains \(policy.contains(id))")
                }
            }
            // Expiries and recycled identifiers now and then, on residents and on strangers.
            if now % 53 == 0 {
                let victim = ids[(now * 7_919) % (now + 1)]
                if now % 106 == 0 { policy.forget(victim) } else { policy.remove(victim) }
                shadow[victim] = nil
                if policy.contains(victim) { outcome.violations.append("request \(now): \(victim) contained after removal") }
            }
            if policy.used > policy.capacity {
                outcome.violations.append("request \(now): used \(policy.used) > capacity \(policy.capacity)")
            }
            if policy.residentCount != shadow.count || policy.used != shadow.values.reduce(0, +) {
                outcome.violations.append(
                    "request \(now): holds \(policy.residentCount)/\(policy.used), shadow \(shadow.count)/\(shadow.values.reduce(0, +))")
            }
        }
        return outcome
    }
}

/// One light object, then one heavier than the whole capacity.
private struct HeavyInsert: CachePolicyVisitor {
    struct Outcome {
        var admittedLight = false
        var admittedHeavy = true
        var evictions = 0
        var usedAfter = 0
    }

    func visit<Policy: CachePolicy>(_ policy: inout Policy) -> Outcome {
        var outcome = Outcome()
        var evictions = 0
        outcome.admittedLight = policy.insert(0, weight: 10, now: 0) { _ in evictions += 1 }
        outcome.admittedHeavy = policy.insert(1, weight: 1_001, now: 1) { _ in evictions += 1 }
        outcome.evictions = evictions
        outcome.usedAfter = policy.used
        return outcome
    }
}
