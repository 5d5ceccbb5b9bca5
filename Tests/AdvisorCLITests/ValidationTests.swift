import Foundation
import Testing

/// Inputs refused with the place or the flag that is wrong.
@Suite struct ValidationTests {
    @Test func aModelFileWithBrokenJSONIsRefusedAtTheLineAndColumnOfTheBreak() async throws {
        let scratch = try ScratchFolder()
        let model = scratch.path("M.json")
        let fit = try await Advisor.run(["fit", try TestData.azureCode(), "--target", "GeneratedTokens", "--out", model, "--quiet"])
        try #require(fit.status == 0, "\(fit)")
        // The real model with one string value left unquoted: `"kind" : ridge`.
        var lines = try String(contentsOfFile: model, encoding: .utf8).components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.contains(#""kind" : "ridge""#) })
        lines[index] = lines[index].replacingOccurrences(of: #""ridge""#, with: "ridge")
        let column = try #require(lines[index].range(of: "ridge")).lowerBound.utf16Offset(in: lines[index]) + 1
        try lines.joined(separator: "\n").write(toFile: model, atomically: false, encoding: .utf8)
        let run = try await Advisor.run(["inspect", model])
        #expect(run.status == 1, "\(run)")
        #expect(
            run.stderr
                == "Error: \(model): not an advisor model file (not valid JSON at line \(index + 1), column \(column): Invalid value)\n",
            "\(run)")
    }

    @Test func theTargetIsRefusedAsItsOwnFeature() async throws {
        let scratch = try ScratchFolder()
        let run = try await Advisor.run([
            "fit", try TestData.azureCode(), "--target", "GeneratedTokens", "--features", "ContextTokens, GeneratedTokens",
            "--out", scratch.path("M.json"),
        ])
        #expect(run.status == Advisor.usageError, "\(run)")
        #expect(
            run.stderr.hasPrefix(
                "Error: --features includes the target 'GeneratedTokens': a model of a column from itself predicts nothing\n"), "\(run)")
        #expect(try scratch.contents().isEmpty)
    }
}
