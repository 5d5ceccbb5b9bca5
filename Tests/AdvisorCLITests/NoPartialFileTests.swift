import Foundation
import Testing

/// A failing command leaves no output and no temporary file behind, and keeps an existing output as it was.
@Suite struct NoPartialFileTests {
    /// The Azure code trace cut to 40 lines with line 30 spoiled: the failure comes after most rows were read.
    static func spoiledTrace(in scratch: ScratchFolder) throws -> String {
        try TestData.corruptedCopy(of: TestData.azureCode(), lineCount: 40, line: 30, in: scratch.url, named: "input.csv") {
            $0[2] = "many"
        }
    }

    @Test func aFailedConvertWritesNothingAndKeepsTheOldOutput() async throws {
        let scratch = try ScratchFolder()
        let input = try Self.spoiledTrace(in: scratch)
        let fresh = try await Advisor.run(["convert", "--format", "azure-llm", input, "-o", scratch.path("OUT.csv"), "--quiet"])
        #expect(fresh.status == 1, "\(fresh)")
        #expect(try scratch.contents() == ["input.csv"])

        try "previous output\n".write(toFile: scratch.path("OUT.csv"), atomically: false, encoding: .utf8)
        let over = try await Advisor.run(["convert", "--format", "azure-llm", input, "-o", scratch.path("OUT.csv"), "--quiet"])
        #expect(over.status == 1, "\(over)")
        #expect(try scratch.contents() == ["OUT.csv", "input.csv"])
        #expect(try String(contentsOfFile: scratch.path("OUT.csv"), encoding: .utf8) == "previous output\n")
    }

    @Test func aConvertWhoseRenameFailsRemovesItsTemporaryFile() async throws {
        let scratch = try ScratchFolder()
        // The output path is a folder that is not empty: the temporary file is written, the rename over it fails.
        let output = scratch.path("OUT.csv")
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: false)
        try "kept\n".write(toFile: output + "/inside", atomically: false, encoding: .utf8)
        let run = try await Advisor.run(["convert", "--format", "azure-llm", try TestData.azureCode(), "-o", output, "--quiet"])
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.hasPrefix("Error: \(output): cannot write"), "\(run)")
        #expect(try scratch.contents() == ["OUT.csv"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: output) == ["inside"])
    }

    @Test func aFailedFitWritesNoModelAndKeepsTheOldOne() async throws {
        let scratch = try ScratchFolder()
        let input = try Self.spoiledTrace(in: scratch)
        let fresh = try await Advisor.run(["fit", input, "--target", "GeneratedTokens", "--out", scratch.path("M.json"), "--quiet"])
        #expect(fresh.status == 1, "\(fresh)")
        #expect(try scratch.contents() == ["input.csv"])

        try "{}\n".write(toFile: scratch.path("M.json"), atomically: false, encoding: .utf8)
        let over = try await Advisor.run(["fit", input, "--target", "GeneratedTokens", "--out", scratch.path("M.json"), "--quiet"])
        #expect(over.status == 1, "\(over)")
        #expect(try scratch.contents() == ["M.json", "input.csv"])
        #expect(try String(contentsOfFile: scratch.path("M.json"), encoding: .utf8) == "{}\n")
    }

    @Test func aFailedTrainCreatesNoModelFolderAndKeepsAnExistingOne() async throws {
        let scratch = try ScratchFolder()
        let input = try TestData.corruptedCopy(of: TestData.cloudPhysics(), lineCount: 300, line: 250, in: scratch.url, named: "input.csv")
        {
            $0.removeLast()
        }
        let fresh = try await Advisor.run(["train", input, "--key-column", "lbn", "--out", scratch.path("DIR"), "--quiet"])
        #expect(fresh.status == 1, "\(fresh)")
        #expect(fresh.stderr == "Error: \(input):250:5: row has 4 fields; the header has 5\n", "\(fresh)")
        #expect(try scratch.contents() == ["input.csv"])

        try FileManager.default.createDirectory(atPath: scratch.path("DIR"), withIntermediateDirectories: false)
        try "{}\n".write(toFile: scratch.path("DIR/cache-eviction.json"), atomically: false, encoding: .utf8)
        let over = try await Advisor.run(["train", input, "--key-column", "lbn", "--out", scratch.path("DIR"), "--quiet"])
        #expect(over.status == 1, "\(over)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("DIR")) == ["cache-eviction.json"])
        #expect(try String(contentsOfFile: scratch.path("DIR/cache-eviction.json"), encoding: .utf8) == "{}\n")
    }
}
