import Foundation

/// Small hand-written inputs for the bad-input tests, each in a fresh temporary folder.
package enum TemporaryFile {
    /// Writes `text` to a new file called `name` in a new temporary folder.
    /// - Returns: The file's path.
    package static func write(_ text: String, name: String = "input.csv") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
