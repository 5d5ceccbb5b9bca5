import AdvisorCache
import AdvisorTestSupport
import Foundation
import Testing

@Suite struct LearnedPolicyTests {
    /// A model with a weight on every feature, so the split scoring is checked term by term.
    static let denseModel = ReuseTimeModel(weights: (0..<ObjectHistory.featureCount).map { 0.3 - 0.07 * Double($0) }, bias: 0.9)

    @Test func splitScoreEqualsTheModelOnTheFullFeatureRow() {
        var history = ObjectHistory()
        var generator = SeededGenerator(seed: 7)
        var lastSeen: [ObjectID: Int] = [:]
        for now in 0..<5_000 {
            let id = ObjectID(generator.next() % 300)
            history.record(id, now: now, size: UInt32(1 + generator.next() % 4096))
            lastSeen[id] = now
        }
        let model = Self.denseModel
        var row = [Double](repeating: 0, count: ObjectHistory.featureCount)
        for (id, last) in lastSeen.prefix(100) {
            let now = 5_000 + Int(generator.next() % 20_000)
            row.withUnsafeMutableBufferPointer { history.features(of: id, at: now, into: $0) }
            let direct = zip(model.weights, row).reduce(model.bias) { $0 + $1.0 * $1.1 }
            let split = model.score(fixed: model.fixedPart(of: id, in: history), age: now - last)
            #expect(abs(direct - split) <= 1e-9 * max(1, abs(direct)))
        }
    }

    @Test func capacityIsNeverExceededInObjectsOrBytes() {
        for weighted in [false, true] {
            var policy = LearnedPolicy(capacity: weighted ? 50_000 : 64, model: Self.denseModel)
            var generator = SeededGenerator(seed: 3)
            var evictions = 0
            for now in 0..<20_000 {
                let id = ObjectID(generator.next() % 1_000)
                if policy.access(id, now: now) { continue }
                let weight = weighted ? Int(1 + generator.next() % 4_000) : 1
                var victims: [ObjectID] = []
                let admitted = policy.insert(id, weight: weight, now: now) { victims.append($0) }
                evictions += victims.count
                #expect(victims.allSatisfy { !policy.contains($0) })
                #expect(admitted)
                #expect(policy.used <= policy.capacity)
                #expect(policy.contains(id))
            }
            #expect(evictions > 0)
        }
    }

    @Test func objectHeavierThanTheCacheIsRefusedWithoutEvicting() {
        var policy = LearnedPolicy(capacity: 100)
        #expect(policy.insert(1, weight: 60, now: 0) { _ in Issue.record("nothing should be evicted") })
        #expect(!policy.insert(2, weight: 101, now: 1) { _ in Issue.record("nothing should be evicted") })
        #expect(policy.used == 60 && policy.residentCount == 1)
        policy.forget(1)
        #expect(policy.used == 0 && !policy.contains(1))
    }

    @Test func recencyModelEvictsTheLongestIdleCandidate() {
        // With as many candidates as residents (sampling with replacement may miss some, so sample generously),
        // the recency model behaves as LRU: the object idle longest goes.
        var policy = LearnedPolicy(capacity: 4, candidates: 64)
        for (now, id) in [10, 11, 12, 13].enumerated() {
            _ = policy.access(ObjectID(id), now: now)
            _ = policy.insert(ObjectID(id), weight: 1, now: now) { _ in }
        }
        _ = policy.access(10, now: 4)
        var victims: [ObjectID] = []
        _ = policy.access(14, now: 5)
        _ = policy.insert(14, weight: 1, now: 5) { victims.append($0) }
        #expect(victims == [11])
    }
}
