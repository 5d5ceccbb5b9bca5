import ArgumentParser
import Foundation

/// The loopback-redis recording: the request trace `train`, `evaluate timeouts` and `simulate balance` read when given none.
///
/// A relative default would only work from the repository root, so the recording is also looked up in the
/// checkout the binary was built from, found from this source file's location at build time.
enum EmbeddedRecording {
    /// Where the recording sits inside the repository.
    static let relativePath = "Datasets/loopback-redis/requests.csv.gz"

    /// The recording in the checkout advisor was built from (this file is `Sources/AdvisorCLI/` of that checkout).
    static let checkoutPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(relativePath).path

    /// The help text of a command's trace argument that defaults to the recording.
    static let help = "The default is the embedded loopback-redis recording (\(relativePath) of the checkout advisor was built from)."

    /// The trace to read: `file` when given; else the recording under the working directory (so reports and
    /// model files name it by its short path when run from the repository root), else the checkout's.
    /// - Throws: `ValidationError` naming both places when neither holds the recording.
    static func path(or file: String?) throws -> String {
        if let file { return file }
        for candidate in [relativePath, checkoutPath] where FileManager.default.fileExists(atPath: candidate) {
            return candidate
        }
        throw ValidationError(
            "no trace given, and the embedded recording is at neither \(relativePath) nor \(checkoutPath)"
                + " (the checkout advisor was built from); give a trace file")
    }
}
