import AdvisorInput
import AdvisorTestSupport
import AdvisorTraces
import Testing

@testable import AdvisorSimulation

/// Service-time draws from the embedded recording: the same request at the same backend gets the same
/// draw whatever happened before, and a recorded slow period comes back at its recorded time.
@Suite struct ServiceTimeSamplerTests {
    static func sampler() throws -> (ServiceTimeSampler, RequestTrace) {
        let trace = try RequestTrace.read(InputBuffer.open(path: SharedData.embeddedRecording), mapping: ColumnMapping())
        return (ServiceTimeSampler(trace), trace)
    }

    @Test func drawsArePureFunctionsOfBackendTimeAndKey() throws {
        var (forward, _) = try Self.sampler()
        var backward = forward
        let requests: [(backend: Int, time: Double, key: UInt64)] = (0..<2_000).map { index in
            let time = 10 + Double(index) * 0.05
            return (index % 4, time, UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        }
        let inOrder = requests.map { forward.draw($0.backend, at: $0.time, key: $0.key) }
        let reversed = requests.reversed().map { backward.draw($0.backend, at: $0.time, key: $0.key) }
        #expect(inOrder == Array(reversed.reversed()))
    }

    @Test func aDrawIsARecordedLatencyOfThatBackendNearThatTime() throws {
        var (sampler, trace) = try Self.sampler()
        let redis3 = try #require(trace.backendNames.firstIndex(of: "redis-3"))
        let redis0 = try #require(trace.backendNames.firstIndex(of: "redis-0"))
        // redis-3's noisy tenant ran from 81 to 117 s; redis-0 was never slowed on purpose.
        let during = (0..<500).map { sampler.draw(redis3, at: 90 + Double($0) * 0.01, key: UInt64($0) &* 0xD1B5_4A32_D192_ED03) }.sorted()
        let before = (0..<500).map { sampler.draw(redis3, at: 40 + Double($0) * 0.01, key: UInt64($0) &* 0xD1B5_4A32_D192_ED03) }.sorted()
        let baseline = (0..<500).map { sampler.draw(redis0, at: 90 + Double($0) * 0.01, key: UInt64($0) &* 0xD1B5_4A32_D192_ED03) }.sorted()
        #expect(during[250] > 5 * before[250])
        #expect(during[250] > 5 * baseline[250])
        // Drawn among the 32 recorded requests nearest in time: well within a second at its recorded rate.
        let recorded = Set(sampler.latencies(redis3, in: 89..<96))
        #expect(during.allSatisfy { recorded.contains($0) }, "\(during.filter { !recorded.contains($0) }.prefix(5))")
    }
}
