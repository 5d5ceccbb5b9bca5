import Foundation
import Testing

@testable import AdvisorInput

struct InputBufferTests {
    private static let gzipPath = "alibaba-genai-serving-2026/pipeline_inference_data_anon.csv.gz"

    @Test func mapsAPlainFile() throws {
        let buffer = try InputBuffer.open(path: Fixtures.write("a,b\n1,2\n"))
        #expect(buffer.count == 8)
        #expect(buffer.withBytes { Array($0) } == Array("a,b\n1,2\n".utf8))
    }

    @Test func rejectsAnEmptyFile() throws {
        let path = try Fixtures.write([UInt8]())
        #expect(throws: InputError(code: .emptyFile, file: path, message: "the file is empty")) {
            try InputBuffer.open(path: path)
        }
    }

    @Test func reportsAMissingFileAsUnreadable() {
        let error = Fixtures.inputError { _ = try InputBuffer.open(path: "/nonexistent/advisor.csv") }
        #expect(error?.code == .unreadable)
        #expect(error?.description.hasPrefix("/nonexistent/advisor.csv: cannot open: ") == true)
    }

    @Test func countsLinesBeforeAnOffset() throws {
        let buffer = try InputBuffer.open(path: Fixtures.write("a\nbb\n\nc"))
        #expect([0, 1, 2, 4, 5, 6, 7, 99].map(buffer.lineNumber(ofOffset:)) == [1, 1, 2, 2, 3, 4, 4, 4])
    }

    @Test func inflatesGzipDetectedByContentNotName() throws {
        let compressed = try Data(contentsOf: URL(fileURLWithPath: Fixtures.dataset(Self.gzipPath)))
        let renamed = try Fixtures.write(Array(compressed), name: "trace.csv")
        let buffer = try InputBuffer.open(path: renamed)
        // `gzip -dc pipeline_inference_data_anon.csv.gz | wc -c` = 1859663.
        #expect(buffer.count == 1_859_663)
        #expect(buffer.withBytes { Array($0.prefix(14)) } == Array("timestamp_anon".utf8))
    }

    @Test func inflatesEveryMemberOfAMultiMemberGzip() throws {
        let compressed = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.dataset(Self.gzipPath))))
        let single = try InputBuffer.open(path: Fixtures.write(compressed, name: "one.gz"))
        // gzip ignores zero padding after the last member; so do we.
        let double = try InputBuffer.open(path: Fixtures.write(compressed + compressed + [0, 0, 0], name: "two.gz"))
        let singleBytes = single.withBytes { Array($0) }
        #expect(double.withBytes { Array($0) } == singleBytes + singleBytes)
    }

    @Test func rejectsTruncatedAndCorruptGzip() throws {
        let compressed = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.dataset(Self.gzipPath))))
        var corrupt = compressed
        for index in stride(from: 1000, to: 2000, by: 7) { corrupt[index] ^= 0x5A }
        let inputs = [
            Array(compressed.prefix(compressed.count / 2)), corrupt, [0x1f, 0x8b, 1, 2, 3, 4],
            compressed + [0x42, 0x42],
        ]
        for bytes in inputs {
            let error = Fixtures.inputError { _ = try InputBuffer.open(path: Fixtures.write(bytes, name: "bad.gz")) }
            #expect(error?.code == .badCompression, "\(String(describing: error))")
        }
    }
}
