package import Foundation
package import Testing

/// Where the shared real traces live: `../shared/datasets` beside the repository, read in place.
package enum SharedData {
    package static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/datasets")

    /// The path of a dataset file; the test fails with a clear message when the folder is absent.
    package static func path(_ relative: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let url = root.appendingPathComponent(relative)
        try #require(
            FileManager.default.fileExists(atPath: url.path),
            "missing \(url.path): the shared datasets must sit beside the repository (../shared/datasets)",
            sourceLocation: sourceLocation)
        return url.path
    }

    /// The embedded recording (real redis-server timings) that the request-path tests train and replay on.
    package static var embeddedRecording: String {
        repository.appendingPathComponent("Datasets/loopback-redis/requests.csv.gz").path
    }

    /// The Nezha microservice testbed's recording read by both the trace and the simulation tests.
    package static let nezhaTestbed = "nezha-microservice-testbed/ob_2022-08-23"

    /// The repository's own files (the embedded recording, fixtures).
    package static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
