import Foundation

/// Small hand-written inputs for the bad-input tests, and compressed copies of real files, each in a fresh temporary folder.
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

    /// A gzip copy of a real file, made by Debian's `gzip`, in a new temporary folder.
    /// - Returns: The copy's path.
    package static func gzipped(_ path: String) throws -> String {
        let copy = try write("", name: URL(fileURLWithPath: path).lastPathComponent + ".gz")
        try Data(gzip(["-c", path])).write(to: URL(fileURLWithPath: copy))
        return copy
    }

    /// The decompressed text of a gzip file, by Debian's `gzip`.
    package static func gunzipped(_ path: String) throws -> String {
        String(decoding: try gzip(["-dc", path]), as: UTF8.self)
    }

    private static func gzip(_ arguments: [String]) throws -> Data {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = arguments
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
        return data
    }
}
