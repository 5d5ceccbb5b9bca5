import Foundation
import Testing

/// Inputs built to hurt: each class of the hardening issue gets a clear error (place, or flag and limit), a
/// non-zero exit, bounded work and nothing written.
@Suite struct HostileInputTests {
    @Test func aNegativeSampleWeightIsReportedAtItsLineAndField() async throws {
        let scratch = try ScratchFolder()
        let file = try TestData.corruptedCopy(of: try TestData.azureCode(), lineCount: 300, line: 120, in: scratch.url, named: "w.csv") {
            $0[1] = "-3"
        }
        let run = try await Advisor.run([
            "fit", file, "--target", "GeneratedTokens", "--features", "ContextTokens", "--weight-column", "ContextTokens",
            "--out", scratch.path("M.json"), "--quiet",
        ])
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr == "Error: \(file):120:2: a sample weight must be ≥ 0, not -3.0\n", "\(run)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("M.json")))
    }

    @Test func aNegativeNumberReachesValidationInsteadOfReadingAsAFlag() async throws {
        let run = try await Advisor.run(["fit", try TestData.azureCode(), "--target", "GeneratedTokens", "--alpha", "-1"])
        #expect(run.status == Advisor.usageError, "\(run)")
        #expect(run.stderr.hasPrefix("Error: --alpha must be a number ≥ 0, not -1.0\n"), "\(run)")
    }

    @Test func carriageReturnLineEndsAreNamedAsSuch() async throws {
        let scratch = try ScratchFolder()
        // The real file has CRLF line ends; its first 50 lines are rewritten with CR alone.
        let lines = try String(contentsOfFile: try TestData.azureCode(), encoding: .utf8).unicodeScalars
            .split(separator: "\n").prefix(50).map { String(String.UnicodeScalarView($0)).replacingOccurrences(of: "\r", with: "") }
        let file = scratch.path("cr.csv")
        try (lines.joined(separator: "\r") + "\r").write(toFile: file, atomically: false, encoding: .utf8)
        let run = try await Advisor.run(["fit", file, "--target", "GeneratedTokens", "--out", scratch.path("M.json")])
        #expect(run.status == 1, "\(run)")
        #expect(
            run.stderr
                == "Error: \(file):1: a line ends in a carriage return alone (old Mac line ends); convert it to LF or CRLF line ends\n",
            "\(run)")
    }

    @Test func aHugeHeaderIsQuotedShortAndWithoutItsControlBytes() async throws {
        let scratch = try ScratchFolder()
        let file = scratch.path("header.csv")
        try (String(repeating: "a", count: 1_000_000) + ",\u{1}b\n1,2\n").write(toFile: file, atomically: false, encoding: .utf8)
        let run = try await Advisor.run(["fit", file, "--target", "y", "--out", scratch.path("M.json")])
        #expect(run.status == 1, "\(run.status)")
        #expect(run.stderr.utf8.count < 1_000, "\(run.stderr.utf8.count) bytes of error")
        #expect(run.stderr.contains("more characters)"))
        #expect(!run.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func moreFeaturesThanRowsIsRefusedWithoutTheWork() async throws {
        let scratch = try ScratchFolder()
        let file = scratch.path("wide.csv")
        var text = (0..<2_000).map { "c\($0)" }.joined(separator: ",") + ",y\n"
        for row in 0..<40 { text += (0...2_000).map { String(($0 * 7 + row * 13) % 101) }.joined(separator: ",") + "\n" }
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        let run = try await Advisor.run(["fit", file, "--target", "y", "--out", scratch.path("M.json"), "--quiet"])
        #expect(run.status == 1, "\(run)")
        #expect(
            run.stderr
                == "Error: \(file): 2000 features but only 40 rows; give --alpha > 0, fewer features (--features) or more rows\n",
            "\(run)")
    }

    @Test(
        "flags that size the work are checked against a stated limit before anything is allocated",
        arguments: [
            (["simulate", "balance", "--backends", "100000"], "Error: --backends must be between 2 and 1024, not 100000\n"),
            (
                ["simulate", "balance", "--load", "1e6"],
                "Error: --load must be a positive number at most 10.0 (times capacity), not 1000000.0\n"
            ),
            (["simulate", "balance", "--concurrency", "5000"], "Error: --concurrency must be between 1 and 1024, not 5000\n"),
            (
                ["simulate", "cache", "--trace", "t.csv", "--candidates", "100000"],
                "Error: --candidates must be between 1 and 64, not 100000\n"
            ),
        ])
    func sizingFlagsHaveLimits(arguments: [String], message: String) async throws {
        let run = try await Advisor.run(arguments)
        #expect(run.status == Advisor.usageError, "\(run)")
        #expect(run.stderr.hasPrefix(message), "\(run)")
    }

    @Test func theLatencyIsRefusedAsAServerMetric() async throws {
        let scratch = try ScratchFolder()
        let run = try await Advisor.run(["train", TestData.recording, "--metrics", "latency_ms,cpu", "--out", scratch.path("Models")])
        #expect(run.status == 1, "\(run)")
        #expect(
            run.stderr.hasSuffix(":1:3: metric 'latency_ms' is the trace's time, backend, latency or status column, not a server metric\n"),
            "\(run)")
        #expect(try scratch.contents().isEmpty)
    }
}
