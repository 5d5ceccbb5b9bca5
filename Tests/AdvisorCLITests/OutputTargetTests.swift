import Foundation
import Testing

/// Where a command's output goes decides how it is written: regular files atomically, devices and pipes
/// directly, links to files and inputs refused; and a failed write to stdout or stderr exits 1, saying why.
@Suite struct OutputTargetTests {
    /// The model `fit` makes of the Azure code trace, in `scratch`.
    static func model(in scratch: ScratchFolder) async throws -> String {
        let path = scratch.path("M.json")
        let fit = try await Advisor.run(["fit", try TestData.azureCode(), "--target", "GeneratedTokens", "--out", path, "--quiet"])
        try #require(fit.status == 0, "\(fit)")
        return path
    }

    @Test func everyCommandWritingToAFullStdoutExitsOneAndSaysWhy() async throws {
        let scratch = try ScratchFolder()
        let model = try await Self.model(in: scratch)
        let data = try TestData.azureCode()
        let commands = [
            ["inspect", model], ["inspect", model, "--json"], ["predict", model, data], ["predict", model, data, "--json"],
            ["fit", data, "--target", "GeneratedTokens", "--out", scratch.path("N.json"), "--json", "--quiet"],
            ["fit", data, "--target", "GeneratedTokens", "--out", scratch.path("N.json"), "--quiet"],
        ]
        for arguments in commands {
            let run = try await Advisor.run(arguments, standardOutput: "/dev/full")
            #expect(run.status == 1, "\(arguments): \(run)")
            #expect(run.stderr == "Error: stdout: No space left on device\n", "\(arguments): \(run)")
        }
    }

    @Test func aFullStderrEndsTheCommandWithExitOne() async throws {
        let scratch = try ScratchFolder()
        let run = try await Advisor.run(
            ["fit", try TestData.azureCode(), "--target", "GeneratedTokens", "--out", scratch.path("M.json")], standardError: "/dev/full")
        #expect(run.status == 1, "\(run)")
    }

    @Test func aCharacterDeviceIsWrittenDirectlyAndNeverReplaced() async throws {
        let scratch = try ScratchFolder()
        let data = try TestData.azureCode()
        let null = try await Advisor.run(["fit", data, "--target", "GeneratedTokens", "--out", "/dev/null", "--quiet"])
        #expect(null.status == 0, "\(null)")
        let kind = try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType
        #expect(kind == .typeCharacterSpecial)
        #expect(try scratch.contents() == [])

        let full = try await Advisor.run(["convert", "--format", "azure-llm", data, "-o", "/dev/full", "--quiet"])
        #expect(full.status == 1, "\(full)")
        #expect(full.stderr == "Error: /dev/full: cannot write (No space left on device)\n", "\(full)")
        #expect(try FileManager.default.attributesOfItem(atPath: "/dev/full")[.type] as? FileAttributeType == .typeCharacterSpecial)
    }

    @Test func devStdoutIsTheCommandsOwnStdout() async throws {
        let run = try await Advisor.run(["convert", "--format", "azure-llm", try TestData.azureCode(), "-o", "/dev/stdout", "--quiet"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.hasPrefix("timestamp,context_tokens,generated_tokens\n1700158623.97996,4808.0,10.0\n"), "\(run)")
    }

    @Test func aSymbolicLinkToAFileIsRefusedAndBothAreKept() async throws {
        let scratch = try ScratchFolder()
        let model = try await Self.model(in: scratch)
        let before = try String(contentsOfFile: model, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: scratch.path("link.json"), withDestinationPath: "M.json")
        let run = try await Advisor.run([
            "fit", try TestData.azureCode(), "--target", "GeneratedTokens", "--alpha", "0", "--out", scratch.path("link.json"), "--quiet",
        ])
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.hasPrefix("Error: \(scratch.path("link.json")): cannot write (is a symbolic link to M.json;"), "\(run)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: scratch.path("link.json")) == "M.json")
        #expect(try String(contentsOfFile: model, encoding: .utf8) == before)
        #expect(try scratch.contents() == ["M.json", "link.json"])
    }

    @Test func anOutputThatIsAnInputIsRefusedBeforeAnyWork() async throws {
        let scratch = try ScratchFolder()
        let input = scratch.path("input.csv")
        try FileManager.default.copyItem(atPath: try TestData.azureCode(), toPath: input)
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        // Spelled differently from the input: the check is by file identity, not by name.
        let same = scratch.path("./input.csv")
        let fit = try await Advisor.run(["fit", input, "--target", "GeneratedTokens", "--out", same, "--quiet"])
        #expect(fit.status == 1, "\(fit)")
        #expect(fit.stderr == "Error: \(same): is the input \(input); write the output to another file\n", "\(fit)")
        let convert = try await Advisor.run(["convert", "--format", "azure-llm", scratch.url.path, "-o", same, "--quiet"])
        #expect(convert.status == 1, "\(convert)")
        #expect(convert.stderr.hasPrefix("Error: \(same): is the input "), "\(convert)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
        #expect(try scratch.contents() == ["input.csv"])
    }

    @Test func aReplacedFileKeepsItsModeAndANewOneGetsTheUmasksDefault() async throws {
        let scratch = try ScratchFolder()
        let model = try await Self.model(in: scratch)
        let mask = umask(0o022)  // the child inherits the runner's umask; read it back unchanged
        umask(mask)
        #expect(try FileManager.default.attributesOfItem(atPath: model)[.posixPermissions] as? Int == 0o666 & ~Int(mask))
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: model)
        _ = try await Self.model(in: scratch)
        #expect(try FileManager.default.attributesOfItem(atPath: model)[.posixPermissions] as? Int == 0o640)
        #expect(try scratch.contents() == ["M.json"])
    }

    /// SIGTERM or SIGINT while `convert` writes its output (the temporary file exists) removes the temporary file,
    /// and the command still dies of the signal. Runs until it catches the write twice (the write takes a few ms).
    @Test func aSignalDuringTheWriteRemovesTheTemporaryFile() async throws {
        let scratch = try ScratchFolder()
        let input = try TestData.path("azure-llm-inference-2023/AzureLLMInferenceTrace_conv.csv")
        var caught = 0
        for attempt in 0..<40 where caught < 2 {
            let process = Process()
            process.executableURL = try Advisor.binary()
            process.arguments = ["convert", "--format", "azure-llm", input, "-o", scratch.path("OUT.csv"), "--quiet"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let signal = attempt % 2 == 0 ? SIGTERM : SIGINT
            while process.isRunning {
                if try scratch.contents().contains(where: { $0.hasSuffix(".tmp") }) {
                    kill(process.processIdentifier, signal)
                    caught += 1
                    break
                }
            }
            process.waitUntilExit()
            #expect(try !scratch.contents().contains(where: { $0.hasSuffix(".tmp") }), "attempt \(attempt)")
            if process.terminationReason == .uncaughtSignal { #expect(process.terminationStatus == signal) }
        }
    }
}
