import AdvisorCache
import Foundation
import Testing

/// Every baseline core on the whole CloudPhysics trace against libCacheSim 0.3.5's miss ratios
/// for it (`../shared/reference/libcachesim_reference.csv`, object-count cache of 1% and 10% of
/// the unique objects). The other traces are compared in AdvisorReplayTests, through the readers.
@Suite struct LibCacheSimAgreementTests {
    /// Read once for all policies (parsing it is most of a debug run's time).
    static let trace = Result { try CloudPhysicsTrace.load() }
    static let nextAccess = (try? trace.get()).map { NextAccess.compute($0.ids) } ?? []

    @Test(arguments: BaselinePolicy.allCases)
    func cloudPhysicsMissRatiosMatch(policy: BaselinePolicy) throws {
        let trace = try Self.trace.get()
        let next = Self.nextAccess
        let rows = try Self.referenceRows(policy: policy)
        try #require(rows.count == 2, "expected the 1% and 10% rows for \(policy)")
        for (size, reference) in rows {
            let misses = try policy.withPolicy(capacity: size, nextAccess: next, MissCounter(ids: trace.ids))
            let missRatio = Double(misses) / Double(trace.ids.count)
            // W-TinyLFU's libCacheSim figure carries an artifact of its segmented LRU (see
            // WTinyLFUPolicy); on this trace the gap is 0.07 and 0.54 percentage points.
            let tolerance = policy == .wtinylfu ? 0.01 : 0.005
            #expect(abs(missRatio - reference) <= tolerance, "\(policy) size \(size): ours \(missRatio), libCacheSim \(reference)")
        }
    }

    /// libCacheSim's names for our policies in the reference table.
    static let referenceNames: [BaselinePolicy: String] = [
        .fifo: "FIFO", .lru: "LRU", .clock: "Clock", .arc: "ARC", .slru: "SLRU", .twoQ: "TwoQ",
        .s3fifo: "S3FIFO", .sieve: "Sieve", .wtinylfu: "WTinyLFU", .belady: "Belady",
    ]

    /// (cache size, miss ratio) of the plain-`ok` cloudphysics rows for `policy`.
    static func referenceRows(policy: BaselinePolicy) throws -> [(Int, Double)] {
        let path = CloudPhysicsTrace.shared.appendingPathComponent("reference/libcachesim_reference.csv").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // trace,requests,unique,cold_miss_ratio,cache_size,policy,miss_ratio,seconds,requests_per_second,status
        return text.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= 10, fields[0] == "cloudphysics", fields[5] == referenceNames[policy]!, fields[9] == "ok",
                  let size = Int(fields[4]), let missRatio = Double(fields[6])
            else { return nil }
            return (size, missRatio)
        }
    }
}

/// Counts the misses of one replay with weight 1 per object (the reference's count-based cache).
private struct MissCounter: CachePolicyVisitor {
    let ids: [ObjectID]

    func visit<Policy: CachePolicy>(_ policy: inout Policy) -> Int {
        var misses = 0
        for (now, id) in ids.enumerated() where !policy.access(id, now: now) {
            misses += 1
            _ = policy.insert(id, weight: 1, now: now) { _ in }
        }
        return misses
    }
}
