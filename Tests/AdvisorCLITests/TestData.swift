import AdvisorTestSupport
import Foundation
import Testing

/// The real inputs the CLI tests run on (located by `SharedData`): `../shared/datasets` beside the repository and
/// the embedded recording.
enum TestData {
    /// The repository root.
    static var repository: URL { SharedData.repository }

    /// The embedded loopback-redis recording, the default trace of `advisor train`.
    static var recording: String { SharedData.embeddedRecording }

    /// The path of a shared dataset file; the test fails with a clear message when the folder is absent.
    static func path(_ relative: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try SharedData.path(relative, sourceLocation: sourceLocation)
    }

    /// Azure LLM code-completion arrivals: 8,819 rows of TIMESTAMP,ContextTokens,GeneratedTokens (CRLF lines).
    static func azureCode() throws -> String { try path("azure-llm-inference-2023/AzureLLMInferenceTrace_code.csv") }

    /// The CloudPhysics block trace: version,time,op,size,lbn.
    static func cloudPhysics() throws -> String { try path("cloudphysics-block-sample/cloudPhysicsIO.csv") }

    /// A copy of the first `lineCount` lines of a real CSV into `folder`, with the fields of line `line` (1-based,
    /// the header is line 1) rewritten by `edit`: the bad input whose error position the tests assert.
    static func corruptedCopy(
        of source: String, lineCount: Int, line: Int, in folder: URL, named name: String, edit: (inout [String]) -> Void
    ) throws -> String {
        // Split by scalars: as Characters, "\r\n" is one, so CRLF files would not split on "\n".
        var lines = try String(contentsOfFile: source, encoding: .utf8).unicodeScalars.split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .prefix(lineCount).map { String(String.UnicodeScalarView($0)) }
        let ending = lines[line - 1].hasSuffix("\r") ? "\r" : ""
        var fields = lines[line - 1].dropLast(ending.count).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        edit(&fields)
        lines[line - 1] = fields.joined(separator: ",") + ending
        let path = folder.appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }
}

/// A fresh temporary folder, removed with everything in it when the value goes away.
final class ScratchFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Every name in the folder, hidden ones (temporary files) included, sorted.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
