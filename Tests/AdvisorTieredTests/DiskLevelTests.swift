import AdvisorCache
import AdvisorTestSupport
import Foundation
import Testing

@testable import AdvisorTiered

struct DiskLevelTests {
    private static func wall() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    @Test func keepsItsContentsAcrossAReopen() async throws {
        let path = try temporaryPath("l3.sqlite")
        do {
            let disk = try DiskLevel(path: path, byteCapacity: 1 << 20, policy: .s3fifo, wallClock: Self.wall)
            for index in 0..<50 { try await disk.put("k\(index)", Array("value \(index)".utf8), ttl: nil) }
            try await disk.remove(["k0"])
        }
        let reopened = try DiskLevel(path: path, byteCapacity: 1 << 20, policy: .s3fifo, wallClock: Self.wall)
        #expect(reopened.occupancy.entries == 49)
        #expect(try await reopened.get("k7") == Array("value 7".utf8))
        #expect(try await reopened.get("k0") == nil)
    }

    @Test(arguments: [BaselinePolicy.lru, .s3fifo, .sieve])
    func staysWithinItsByteBudget(policy: BaselinePolicy) async throws {
        let disk = try DiskLevel(path: try temporaryPath("l3.sqlite"), byteCapacity: 2_000, policy: policy, wallClock: Self.wall)
        for index in 0..<100 { try await disk.put("key-\(index)", Array(repeating: 7, count: 90), ttl: nil) }
        let occupancy = disk.occupancy
        #expect(occupancy.bytes <= 2_000)
        #expect(occupancy.entries > 0)
        var present = 0
        for index in 0..<100 where try await disk.get("key-\(index)") != nil { present += 1 }
        #expect(present == disk.occupancy.entries)
    }

    @Test func expiredValuesAreMisses() async throws {
        let now = Mutex64(1_000)
        let disk = try DiskLevel(path: try temporaryPath("l3.sqlite"), byteCapacity: 1 << 20, policy: .lru) { now.value }
        try await disk.put("short", [1], ttl: .seconds(1))
        try await disk.put("long", [2], ttl: .seconds(100))
        now.value = 5_000
        #expect(try await disk.get("short") == nil)
        #expect(try await disk.get("long") == [2])
    }
}

/// A settable wall clock for the expiry test.
final class Mutex64: @unchecked Sendable {
    // Set only by the test between awaited calls; read by the level on the same task.
    var value: Int64
    init(_ value: Int64) { self.value = value }
}
