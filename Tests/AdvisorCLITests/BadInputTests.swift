import Foundation
import Testing

/// Exit codes and `file:line:column` errors on corrupted copies of real files.
@Suite struct BadInputTests {
    @Test func aBadFlagExitsWithArgumentParsersUsageCode() async throws {
        let run = try await Advisor.run(["fit", try TestData.azureCode(), "--target", "GeneratedTokens", "--bogus"])
        #expect(run.status == Advisor.usageError)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("Error: Unknown option '--bogus'"), "\(run)")
    }

    @Test func aValueRefusedByValidationExitsWithTheUsageCodeAndSaysWhy() async throws {
        let run = try await Advisor.run(["fit", try TestData.azureCode(), "--target", "GeneratedTokens", "--quantile", "2"])
        #expect(run.status == Advisor.usageError)
        #expect(run.stderr.hasPrefix("Error: --quantile must be between 0 and 1 (exclusive)\n"), "\(run)")
        let unknownCommand = try await Advisor.run(["frobnicate"])
        #expect(unknownCommand.status == Advisor.usageError, "\(unknownCommand)")
    }

    @Test func aMissingFileExitsWithOneAndNamesIt() async throws {
        let scratch = try ScratchFolder()
        let missing = scratch.path("absent.csv")
        let run = try await Advisor.run(["fit", missing, "--target", "y", "--out", scratch.path("m.json")])
        #expect(run.status == 1)
        #expect(run.stderr == "Error: \(missing): cannot open: No such file or directory\n", "\(run)")
        #expect(try scratch.contents().isEmpty)
    }

    @Test func aNonNumericFieldIsReportedAtItsLineAndField() async throws {
        let scratch = try ScratchFolder()
        // Line 9 of the Azure code trace (the 8th request) with its ContextTokens, field 2, spoiled.
        let bad = try TestData.corruptedCopy(of: TestData.azureCode(), lineCount: 40, line: 9, in: scratch.url, named: "spoiled.csv") {
            $0[1] = "3x4"
        }
        for command in [
            ["fit", bad, "--target", "GeneratedTokens", "--out", scratch.path("m.json")],
            ["convert", "--format", "azure-llm", bad, "-o", scratch.path("out.csv")],
        ] {
            let run = try await Advisor.run(command + ["--quiet"])
            #expect(run.status == 1, "\(run)")
            #expect(run.stderr == "Error: \(bad):9:2: '3x4' is not a number\n", "\(command[0]): \(run)")
        }
    }

    @Test func aShortRowIsReportedAtItsFirstMissingField() async throws {
        let scratch = try ScratchFolder()
        let bad = try TestData.corruptedCopy(of: TestData.azureCode(), lineCount: 40, line: 7, in: scratch.url, named: "short.csv") {
            $0.removeLast()
        }
        for command in [
            ["fit", bad, "--target", "GeneratedTokens", "--out", scratch.path("m.json")],
            ["convert", "--format", "azure-llm", bad, "-o", scratch.path("out.csv")],
        ] {
            let run = try await Advisor.run(command + ["--quiet"])
            #expect(run.status == 1, "\(run)")
            #expect(run.stderr == "Error: \(bad):7:3: row has 2 fields; the header has 3\n", "\(command[0]): \(run)")
        }
    }

    @Test func aLongRowIsReportedAtItsFirstExtraField() async throws {
        let scratch = try ScratchFolder()
        let bad = try TestData.corruptedCopy(of: TestData.azureCode(), lineCount: 40, line: 12, in: scratch.url, named: "long.csv") {
            $0.append("5")
        }
        let run = try await Advisor.run(["convert", "--format", "azure-llm", bad, "-o", scratch.path("out.csv"), "--quiet"])
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.hasPrefix("Error: \(bad):12:4: "), "\(run)")
    }

    @Test func anAccessTraceWithABadSizeStopsTrainingAtItsLineAndField() async throws {
        let scratch = try ScratchFolder()
        // Line 50 of the CloudPhysics trace with its size (field 4 of version,time,op,size,lbn) spoiled.
        let bad = try TestData.corruptedCopy(of: TestData.cloudPhysics(), lineCount: 300, line: 50, in: scratch.url, named: "blocks.csv") {
            $0[3] = "x" + $0[3]
        }
        let run = try await Advisor.run(["train", bad, "--key-column", "lbn", "--out", scratch.path("Models"), "--quiet"])
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr == "Error: \(bad):50:4: 'x4096' is not a number\n", "\(run)")
    }

    @Test func aModelFileThatIsNotOneIsRefusedByInspectAndPredict() async throws {
        let scratch = try ScratchFolder()
        // A real CSV where a model file belongs.
        let notAModel = try TestData.azureCode()
        for command in [["inspect", notAModel], ["predict", notAModel, notAModel]] {
            let run = try await Advisor.run(command)
            #expect(run.status == 1, "\(run)")
            #expect(run.stderr.hasPrefix("Error: \(notAModel): not an advisor model file"), "\(command[0]): \(run)")
        }
        #expect(try scratch.contents().isEmpty)
    }
}
