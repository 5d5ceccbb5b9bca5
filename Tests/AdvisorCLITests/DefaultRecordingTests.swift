import Foundation
import Testing

/// Commands given no trace read the embedded recording from any working directory, not only the repository root.
@Suite struct DefaultRecordingTests {
    @Test func trainWithNoFileOutsideTheCheckoutOpensTheRecording() async throws {
        let scratch = try ScratchFolder()
        // Training every request model takes 20 s in a debug build (TrainingTests does it in-process), so this
        // reads the recording as an access trace: it fails on the first line, after the file was found and opened.
        let run = try await Advisor.run(["train", "--kind", "access", "--quiet"], in: scratch.url)
        #expect(run.status == 1, "\(run)")
        let columns =
            #"["timestamp", "backend", "latency_ms", "inflight", "cpu", "connected_clients", "used_memory_mb", "ops_per_sec", "status"]"#
        #expect(run.stderr == "Error: \(TestData.recording):1: no key column among \(columns); name it with --key-column\n", "\(run)")
        #expect(try scratch.contents().isEmpty)
    }

    @Test func simulateBalanceWithNoFileOutsideTheCheckoutReplaysTheRecording() async throws {
        let scratch = try ScratchFolder()
        let run = try await Advisor.run(
            [
                "simulate", "balance", "--scenario", "homogeneous", "--policy", "round-robin", "--backends", "2",
                "--train-until", "10", "--until", "20", "--json", "--quiet",
            ], in: scratch.url)
        #expect(run.status == 0, "\(run)")
        let report = try run.json()
        #expect(report["recording"] as? String == TestData.recording)
        let results = try #require(report["results"] as? [[String: Any]])
        #expect(results.map { $0["policy"] as? String } == ["round-robin"])
        #expect(results.map { $0["scenario"] as? String } == ["homogeneous"])
        #expect(try scratch.contents().isEmpty)
    }

    @Test func fromTheRepositoryRootTheRecordingKeepsItsShortName() async throws {
        let run = try await Advisor.run(["train", "--kind", "access", "--quiet"], in: TestData.repository)
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.hasPrefix("Error: Datasets/loopback-redis/requests.csv.gz:1: no key column"), "\(run)")
    }
}
