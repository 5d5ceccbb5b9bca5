import Foundation
import Testing

/// Where the shared real traces live: `../shared/datasets` beside the repository, read in place.
enum SharedData {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/datasets")

    /// The path of a dataset file; the test fails with a clear message when the folder is absent.
    static func path(_ relative: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let url = root.appendingPathComponent(relative)
        try #require(
            FileManager.default.fileExists(atPath: url.path),
            "missing \(url.path): the shared datasets must sit beside the repository (../shared/datasets)",
            sourceLocation: sourceLocation)
        return url.path
    }

    /// The repository's own files (the embedded recording, fixtures).
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
