import Foundation
import Synchronization
import Testing

@testable import AdvisorInput

/// Locations of the shared datasets and scratch files for the input tests.
enum Fixtures {
    /// `../shared/datasets` next to the repository, found from this file's path so tests run from anywhere.
    static func datasetsFolder(filePath: String = #filePath) throws -> URL {
        let folder = URL(fileURLWithPath: filePath)
            .deletingLastPathComponent()  // AdvisorInputTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository root
            .deletingLastPathComponent()
            .appendingPathComponent("shared/datasets")
        try #require(
            FileManager.default.fileExists(atPath: folder.path),
            "the shared datasets folder is missing at \(folder.path); the real-data tests need it")
        return folder
    }

    /// The path of a dataset file, failing the test when it is absent.
    static func dataset(_ relativePath: String) throws -> String {
        let path = try datasetsFolder().appendingPathComponent(relativePath).path
        try #require(FileManager.default.fileExists(atPath: path), "dataset file missing: \(path)")
        return path
    }

    /// Writes `bytes` to a fresh file in a private temporary folder and returns its path.
    static func write(_ bytes: [UInt8], name: String = "input.csv") throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("advisor-input-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Writes UTF-8 text to a fresh temporary file and returns its path.
    static func write(_ text: String, name: String = "input.csv") throws -> String {
        try write(Array(text.utf8), name: name)
    }

    /// Opens a temporary CSV file holding `text` and reads its header.
    static func csv(_ text: String) throws -> (InputBuffer, CSVHeader) {
        let buffer = try InputBuffer.open(path: write(text))
        return (buffer, try CSVHeader(buffer: buffer))
    }

    /// The error a throwing closure raises, as an `InputError`.
    static func inputError(_ body: () throws -> Void) -> InputError? {
        do {
            try body()
            return nil
        } catch {
            return error as? InputError
        }
    }
}

/// Collects NumericScan batches per chunk so tests can reassemble rows in file order.
final class BatchCollector: Sendable {
    private let chunks = Mutex<[Int: [[Double]]]>([:])

    func sink(width: Int) -> @Sendable (Int, UnsafeBufferPointer<Double>, Int) -> Void {
        { chunk, values, rows in
            precondition(values.count == rows * width)
            let batchRows = (0..<rows).map { Array(values[($0 * width)..<(($0 + 1) * width)]) }
            self.chunks.withLock { $0[chunk, default: []].append(contentsOf: batchRows) }
        }
    }

    /// All rows, chunk 0 first.
    var rows: [[Double]] {
        chunks.withLock { chunks in chunks.keys.sorted().flatMap { chunks[$0]! } }
    }
}
