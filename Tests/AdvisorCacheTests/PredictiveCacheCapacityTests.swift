import AdvisorTestSupport
import Synchronization
import Testing

@testable import AdvisorCache

/// What a policy core was asked to do, in order.
final class PolicyLog: Sendable {
    enum Event: Equatable {
        case insert(ObjectID)
        case evict(ObjectID)
        case forget(ObjectID)
    }

    private let events = Mutex<[Event]>([])
    var all: [Event] { events.withLock { $0 } }
    func record(_ event: Event) { events.withLock { $0.append(event) } }
}

/// A real policy core that also reports its inserts, evictions and forgets to a log.
struct LoggingPolicy<Base: CachePolicy>: CachePolicy {
    var base: Base
    let log: PolicyLog

    var capacity: Int { base.capacity }
    var used: Int { base.used }
    var residentCount: Int { base.residentCount }
    func contains(_ id: ObjectID) -> Bool { base.contains(id) }
    mutating func access(_ id: ObjectID, now: Int) -> Bool { base.access(id, now: now) }
    mutating func insert(_ id: ObjectID, weight: Int, now: Int, evicted: (ObjectID) -> Void) -> Bool {
        let log = log
        log.record(.insert(id))
        return base.insert(id, weight: weight, now: now) { victim in
            log.record(.evict(victim))
            evicted(victim)
        }
    }
    mutating func remove(_ id: ObjectID) { base.remove(id) }
    mutating func forget(_ id: ObjectID) {
        log.record(.forget(id))
        base.forget(id)
    }
}

@Suite struct PredictiveCacheCapacityTests {
    @Test func aByteCapacityEvictsByWeightAndRefusesWhatCannotFit() async throws {
        let cache = PredictiveCache<String, [UInt8]>(
            policy: LRUPolicy(capacity: 100), weigh: { $0.count }, loader: { key in [UInt8](repeating: 0, count: Int(key)!) })
        _ = try await cache.get("40")
        _ = try await cache.get("30")
        #expect((cache.snapshot().residentCount, cache.snapshot().residentWeight) == (2, 70))
        _ = try await cache.get("50")  // 120 > 100: the least recent (40) goes
        #expect(cache.peek("40") == nil)
        #expect((cache.snapshot().residentWeight, cache.snapshot().evictions) == (80, 1))
        // Heavier than the whole cache: returned to the caller, never cached, nothing evicted.
        #expect(try await cache.get("101").count == 101)
        let stats = cache.snapshot()
        #expect((stats.residentWeight, stats.evictions, stats.admissionsRefused) == (80, 1, 1))
        // A put that changes an entry's weight is re-admitted at the new weight.
        cache.put("30", [UInt8](repeating: 1, count: 60))
        #expect(cache.peek("50") == nil)
        #expect(cache.snapshot().residentWeight == 60)
        #expect(cache.audit().violations.isEmpty)
    }

    @Test func anExpiredEntryIsAMissAndCountsAnExpiration() async throws {
        let clock = ManualClock()
        let store = CountingStore()
        let cache = PredictiveCache<String, String>(
            policy: LRUPolicy(capacity: 4), weigh: nil, expiry: .afterWrite(.seconds(10)), clock: clock
        ) { try await store.load($0) }
        _ = try await cache.get("k")
        clock.advance(by: .seconds(9))
        _ = try await cache.get("k")
        #expect((store.calls(for: "k"), cache.snapshot().hits) == (1, 1))
        clock.advance(by: .seconds(1))
        #expect(cache.peek("k") == nil)
        _ = try await cache.get("k")
        let stats = cache.snapshot()
        #expect((store.calls(for: "k"), stats.expirations, stats.misses, stats.residentCount) == (2, 1, 2, 1))
        // The reload starts a fresh time-to-live.
        clock.advance(by: .seconds(9))
        #expect(cache.peek("k") == "value of k")
    }

    @Test func anIdleTimeoutRestartsAtEveryHit() async throws {
        let clock = ManualClock()
        let store = CountingStore()
        let cache = PredictiveCache<String, String>(
            policy: LRUPolicy(capacity: 4), weigh: nil, expiry: .afterAccess(.seconds(10)), clock: clock
        ) { try await store.load($0) }
        for _ in 0..<5 {
            _ = try await cache.get("k")
            clock.advance(by: .seconds(9))
        }
        #expect((store.calls(for: "k"), cache.snapshot().expirations) == (1, 0))
        clock.advance(by: .seconds(1))
        #expect(cache.peek("k") == nil)
        _ = try await cache.get("k")
        #expect((store.calls(for: "k"), cache.snapshot().expirations) == (2, 1))
    }

    @Test func aTTLPolicyDecidesEachEntrysLifetime() async throws {
        /// Ids are handed out by first appearance, so "short" is 0 and "forever" is 1.
        struct ByID: TTLPolicy {
            mutating func ttl(for id: ObjectID, now: Int, history: ObjectHistory) -> Duration? { id == 0 ? .seconds(1) : nil }
            mutating func forget(_ id: ObjectID) {}
        }
        let clock = ManualClock()
        let cache = PredictiveCache<String, String>(
            policy: LRUPolicy(capacity: 4), weigh: nil, expiry: .policy(ByID()), clock: clock
        ) { "value of \($0)" }
        _ = try await cache.get("short")
        _ = try await cache.get("forever")
        clock.advance(by: .seconds(3600))
        #expect(cache.peek("short") == nil)
        #expect(cache.peek("forever") == "value of forever")
        cache.removeExpired()
        #expect((cache.snapshot().expirations, cache.snapshot().residentCount) == (1, 1))
        #expect(cache.audit().violations.isEmpty)
    }

    @Test func anEvictedKeyKeepsItsIdUntilTheRetiredQueueOverflows() async throws {
        let log = PolicyLog()
        let cache = PredictiveCache<String, String>(policy: LoggingPolicy(base: LRUPolicy(capacity: 2), log: log), weigh: nil) {
            "value of \($0)"
        }
        for key in ["a", "b", "c", "a"] { _ = try await cache.get(key) }
        // a=0, b=1, c=2 (each insert is logged before the evictions it causes); c evicts a,
        // which comes back under its old id and evicts b.
        #expect(log.all == [.insert(0), .insert(1), .insert(2), .evict(0), .insert(0), .evict(1)])
        // Retired now: b. Two retired ids fit (capacity 2): d=3 retires c, e=4 retires a and
        // forgets the oldest, b, whose id goes to the next new key, f.
        for key in ["d", "e", "f"] { _ = try await cache.get(key) }
        #expect(
            Array(log.all.dropFirst(6)) == [.insert(3), .evict(2), .insert(4), .evict(0), .forget(1), .insert(1), .evict(3), .forget(2)])
        #expect(cache.peek("f") == "value of f")
        #expect(cache.audit().violations.isEmpty)
    }

    /// Policies with ghost lists (ARC, S3-FIFO) or their own request history (the learned one)
    /// must forget a recycled id completely.
    @Test(arguments: ["lru", "arc", "s3fifo", "learned"])
    func recyclingKeepsTheIdTableWithinTwiceTheCapacity(_ policyName: String) async throws {
        let keys = try CloudPhysicsTrace.whole().ids.prefix(20_000).map { Int($0) }
        let capacity = 64
        let policy: any CachePolicy =
            if let baseline = BaselinePolicy(rawValue: policyName) { try baseline.make(capacity: capacity) } else {
                LearnedPolicy(capacity: capacity)
            }
        let cache = PredictiveCache<Int, Int>(policy: policy, weigh: nil) { $0 &* 31 &+ 7 }
        var wrongValues = 0
        var mostTracked = 0
        for (index, key) in keys.enumerated() {
            // A recycled id must never hand one key another key's value.
            if try await cache.get(key) != key &* 31 &+ 7 { wrongValues += 1 }
            mostTracked = max(mostTracked, cache.snapshot().trackedKeys)
            if index % 64 == 0 {
                let violations = cache.audit().violations
                try #require(violations.isEmpty, "after request \(index): \(violations)")
            }
        }
        #expect(wrongValues == 0)
        #expect(mostTracked <= 2 * capacity)
        // The id table only grows, so its final span is its widest: one more than resident plus
        // retired, for the key being loaded before the oldest retired id is recycled.
        #expect(cache.audit().idSpan <= 2 * capacity + 1)
        #expect(cache.snapshot().misses > 10 * capacity, "the sample should churn far more keys than fit")
    }
}
