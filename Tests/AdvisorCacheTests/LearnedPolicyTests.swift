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

    @Test func objectHeavierThanTheSmallQueueIsRefusedWithoutEvicting() {
        // S3-FIFO is the floor: newcomers enter its small FIFO, 10% of the capacity.
        var policy = LearnedPolicy(capacity: 100)
        #expect(policy.insert(1, weight: 10, now: 0) { _ in Issue.record("nothing should be evicted") })
        #expect(!policy.insert(2, weight: 11, now: 1) { _ in Issue.record("nothing should be evicted") })
        #expect(policy.used == 10 && policy.residentCount == 1)
        policy.forget(1)
        #expect(policy.used == 0 && !policy.contains(1))
    }

    /// Misses of a core over a real block trace's prefix, every miss inserted.
    static func misses<Policy: CachePolicy>(_ policy: inout Policy, _ ids: [ObjectID]) -> Int {
        var misses = 0
        for (now, id) in ids.enumerated() where !policy.access(id, now: now) {
            misses += 1
            _ = policy.insert(id, weight: 1, now: now) { _ in }
        }
        return misses
    }

    /// A model that wants to evict the most recently used candidate: the guard must keep it from
    /// overruling S3-FIFO, so the policy stays within a hair of S3-FIFO.
    @Test func aHarmfulModelDegradesToS3FIFO() throws {
        let ids = try CloudPhysicsTrace.load(requests: 40_000).ids
        var heuristic = S3FIFOPolicy(capacity: 400)
        var weights = [Double](repeating: 0, count: ObjectHistory.featureCount)
        weights[0] = -1
        var learned = LearnedPolicy(capacity: 400, model: ReuseTimeModel(weights: weights, bias: 0), learnsOnline: false)
        let floor = Self.misses(&heuristic, ids)
        let guarded = Self.misses(&learned, ids)
        #expect(Double(guarded) <= Double(floor) * 1.01, "learned \(guarded) misses against S3-FIFO's \(floor)")
    }

    /// Refitting online on the requests already served happens, and does not lose to the floor.
    @Test func onlineRefitsHappenAndHoldTheFloor() throws {
        let ids = try CloudPhysicsTrace.load(requests: 60_000).ids
        var heuristic = S3FIFOPolicy(capacity: 400)
        var learned = LearnedPolicy(capacity: 400)
        let floor = Self.misses(&heuristic, ids)
        let refitted = Self.misses(&learned, ids)
        #expect(learned.refits > 0)
        #expect(Double(refitted) <= Double(floor) * 1.01, "learned \(refitted) misses against S3-FIFO's \(floor)")
    }
}
