import Foundation
import Testing

/// `train` replaces its model set in `--out` as one unit: no file of an earlier run survives beside the new set,
/// and what else the folder holds is kept.
@Suite struct ModelSetTests {
    /// The first 5,000 requests of the CloudPhysics block trace, the slice `train` fits three cache models on.
    static func blockSlice(in scratch: ScratchFolder) throws -> String {
        let slice = scratch.path("blocks.csv")
        let lines = try String(contentsOfFile: TestData.cloudPhysics(), encoding: .utf8).split(separator: "\n").prefix(5_001)
        try (lines.joined(separator: "\n") + "\n").write(toFile: slice, atomically: false, encoding: .utf8)
        return slice
    }

    @Test func aRunReplacesEveryModelOfTheEarlierSetAndKeepsTheOtherFiles() async throws {
        let scratch = try ScratchFolder()
        let slice = try Self.blockSlice(in: scratch)
        let out = scratch.path("Models")
        try FileManager.default.createDirectory(atPath: out + "/notes", withIntermediateDirectories: true)
        // An earlier run's models (a request trace's, so not rewritten by this access trace) and files that are not models.
        for name in ["latency-mean.json", "latency-p99.json", "cache-prefetch.json", "y.json", "notes/readme.txt"] {
            try "earlier \(name)\n".write(toFile: "\(out)/\(name)", atomically: false, encoding: .utf8)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: out)
        let run = try await Advisor.run(["train", slice, "--key-column", "lbn", "--out", out, "--quiet"])
        #expect(run.status == 0, "\(run)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [
                "cache-eviction.json", "cache-prefetch.json", "cache-reuse.json", "notes", "y.json",
            ])
        #expect(try String(contentsOfFile: "\(out)/y.json", encoding: .utf8) == "earlier y.json\n")
        #expect(try String(contentsOfFile: "\(out)/notes/readme.txt", encoding: .utf8) == "earlier notes/readme.txt\n")
        #expect(try String(contentsOfFile: "\(out)/cache-prefetch.json", encoding: .utf8) != "earlier cache-prefetch.json\n")
        #expect(try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int == 0o750)
        // The staging folder and the old set are gone.
        #expect(try scratch.contents() == ["Models", "blocks.csv"])
    }

    @Test func aLinkedModelFolderStaysALinkAndItsTargetGetsTheSet() async throws {
        let scratch = try ScratchFolder()
        let slice = try Self.blockSlice(in: scratch)
        try FileManager.default.createDirectory(atPath: scratch.path("real"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: scratch.path("Models"), withDestinationPath: "real")
        let run = try await Advisor.run(["train", slice, "--key-column", "lbn", "--out", scratch.path("Models"), "--quiet"])
        #expect(run.status == 0, "\(run)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: scratch.path("Models")) == "real")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratch.path("real")).sorted() == [
                "cache-eviction.json", "cache-prefetch.json", "cache-reuse.json",
            ])
        #expect(try scratch.contents() == ["Models", "blocks.csv", "real"])
    }
}
