import Foundation
import Testing

@testable import AdvisorInput

/// xz and zstd inputs, detected by their magic bytes: the real traces, and damaged copies of them.
struct DecompressionTests {
    /// 76,118 big-endian int32 keys (`xz -dc web07.trace.xz | wc -c` = 304,472).
    private static let xzPath = "caffeine-sim-traces/web07.trace.xz"
    /// 238,578 text lines (`zstd -dc P3.lis.zst | wc -c` = 4,590,049).
    private static let zstdPath = "arc-storage-traces/P3.lis.zst"

    private static func compressed(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.dataset(relativePath))))
    }

    @Test func decompressesXzDetectedByContentNotName() throws {
        let renamed = try Fixtures.write(Self.compressed(Self.xzPath), name: "keys.bin")
        let buffer = try InputBuffer.open(path: renamed)
        #expect(buffer.count == 304_472)
        // The README's first keys: 0, 1, 2 as big-endian int32.
        #expect(buffer.withBytes { Array($0.prefix(12)) } == [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2])
    }

    @Test func decompressesZstdDetectedByContentNotName() throws {
        let renamed = try Fixtures.write(Self.compressed(Self.zstdPath), name: "P3.txt")
        let buffer = try InputBuffer.open(path: renamed)
        #expect(buffer.count == 4_590_049)
        #expect(buffer.withBytes { Array($0.prefix(15)) } == Array("230027 8 0 0\n18".utf8))
    }

    @Test(arguments: [xzPath, zstdPath])
    func decompressesEveryConcatenatedStream(relativePath: String) throws {
        let compressed = try Self.compressed(relativePath)
        let single = try InputBuffer.open(path: Fixtures.write(compressed, name: "one"))
        let double = try InputBuffer.open(path: Fixtures.write(compressed + compressed, name: "two"))
        #expect(double.count == 2 * single.count)
        let singleBytes = single.withBytes { Array($0) }
        #expect(double.withBytes { Array($0) } == singleBytes + singleBytes)
    }

    @Test(arguments: [(xzPath, "xz"), (zstdPath, "zstd")])
    func rejectsTruncatedData(relativePath: String, name: String) throws {
        let compressed = try Self.compressed(relativePath)
        for cut in [compressed.count / 2, compressed.count - 1, 7] {
            let path = try Fixtures.write(Array(compressed.prefix(cut)), name: "cut")
            let error = Fixtures.inputError { _ = try InputBuffer.open(path: path) }
            #expect(error?.code == .badCompression, "cut at \(cut): \(String(describing: error))")
            #expect(error?.message == "truncated \(name) data", "cut at \(cut)")
            #expect(error?.file == path)
        }
    }

    @Test(arguments: [xzPath, zstdPath])
    func rejectsCorruptDataAndTrailingGarbage(relativePath: String) throws {
        let compressed = try Self.compressed(relativePath)
        var corrupt = compressed
        for index in stride(from: 1000, to: 2000, by: 7) { corrupt[index] ^= 0x5A }
        for bytes in [corrupt, compressed + Array("garbage!".utf8)] {
            let error = Fixtures.inputError { _ = try InputBuffer.open(path: Fixtures.write(bytes, name: "bad")) }
            #expect(error?.code == .badCompression, "\(String(describing: error))")
        }
    }

    /// The finding of issue 16: `gzip` of "x,y\n1,2\n" (28 bytes) with its size trailer set to 4 GiB − 1. The trailer
    /// is not trusted for the allocation, so the lie is found by zlib's own length check, not reported as out of memory.
    @Test func aGzipTrailerClaimingGigabytesIsNotTrustedForTheAllocation() throws {
        let lying: [UInt8] = [
            31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 171, 208, 169, 228, 50, 212, 49, 226, 2, 0, 35, 223, 114, 0, 255, 255, 255, 255,
        ]
        let path = try Fixtures.write(lying, name: "claims4GB.csv.gz")
        let error = Fixtures.inputError { _ = try InputBuffer.open(path: path) }
        #expect(error?.code == .badCompression, "\(String(describing: error))")
        #expect(error?.message == "corrupt gzip data: incorrect length check")
        var honest = lying
        honest.replaceSubrange(24..., with: [8, 0, 0, 0])
        let buffer = try InputBuffer.open(path: Fixtures.write(honest, name: "honest.csv.gz"))
        #expect(buffer.withBytes { Array($0) } == Array("x,y\n1,2\n".utf8))
    }

    /// The inflated block grows by doubling up to its limit and stops there; the error names the limit.
    @Test func theInflatedBlockStopsAtItsLimitWithAnErrorNamingIt() throws {
        var output = try InflateOutput(capacity: 1, compressedSize: 1, limit: 1 << 18, path: "big.gz")
        var produced = 0
        while !output.isFull {
            let room = try output.room(path: "big.gz")
            output.advance(by: room.count)
            produced += room.count
        }
        #expect(produced == 1 << 18)
        let error = InflateOutput.tooLarge("big.gz", limit: 1 << 18)
        #expect(error.code == .tooLarge)
        #expect(
            error.message
                == "decompresses to more than 0.3 MB, the most a compressed input may hold (half this machine's memory); decompress it to a file first"
        )
    }

    /// Past the held part a compressed file is a stream: the held part ends at the limit, the rest follows.
    @Test func aCompressedFileLongerThanTheLimitComesBackAsItsStartAndTheRest() throws {
        let path = try Fixtures.dataset("alibaba-genai-serving-2026/pipeline_inference_data_anon.csv.gz")
        let whole = try InputBuffer.open(path: path).withBytes { Array($0) }
        let (start, rest) = try InputBuffer.open(path: path, holdingAtMost: 1 << 18)
        let restStream = try #require(rest)
        var bytes = start.withBytes { Array($0) }
        #expect(bytes.count == 1 << 18)
        var window = [UInt8](repeating: 0, count: 10_000)
        while true {
            let filled = try window.withUnsafeMutableBytes { try restStream.fill($0) }
            bytes += window.prefix(filled)
            if filled < window.count { break }
        }
        #expect(bytes == whole)
        #expect(restStream.consumedFraction == 1)
    }
}
