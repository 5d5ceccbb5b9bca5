import Glibc

/// A gzip-, xz- or zstd-compressed input file, read as a stream of its decompressed bytes.
///
/// `InputBuffer.open` reads all of it into memory; `InputBuffer.open(path:holdingAtMost:)` reads the
/// start and hands this over for the rest, which `NumericScan` then parses window by window, so that a
/// file of any size is fitted in bounded memory.
package final class CompressedInput {
    /// The path the input was opened from, used to name the file in errors.
    package let path: String
    /// The size of the compressed file.
    package let compressedSize: Int
    private let raw: RawFile
    private let decoder: any Decompressor

    /// The decoder for `raw` by its magic bytes (gzip `1f 8b`, xz `fd 37 7a 58 5a 00`, zstd `28 b5 2f fd`),
    /// nil when the file is not compressed; it takes `raw` over and releases it when dropped.
    init?(raw: RawFile, path: String) throws(InputError) {
        let bytes = UnsafeRawBufferPointer(start: raw.base, count: raw.count)
        if bytes.starts(with: [0x1f, 0x8b]) {
            decoder = try GzipDecoder(source: bytes, path: path)
        } else if bytes.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) {
            decoder = try XzDecoder(source: bytes, path: path)
        } else if bytes.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) {
            decoder = try ZstdDecoder(source: bytes, path: path)
        } else {
            return nil
        }
        self.raw = raw
        self.path = path
        compressedSize = raw.count
    }

    deinit {
        raw.release()
    }

    /// The share of the compressed bytes used so far, in [0, 1]: where in the file the stream has got to.
    package var consumedFraction: Double {
        min(1, Double(decoder.consumed) / Double(max(compressedSize, 1)))
    }

    /// Fills `output` as far as the data goes.
    /// - Returns: How many bytes were written; fewer than `output.count` only at the end of the data.
    package func fill(_ output: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        var filled = 0
        while filled < output.count {
            let produced = try decoder.fill(UnsafeMutableRawBufferPointer(rebasing: output[filled...]))
            if produced == 0 { break }
            filled += produced
        }
        return filled
    }

    /// Decompresses into one `malloc` block, at most `limit` bytes.
    /// - Returns: The block (nil when nothing was produced), its byte count, and whether the data ended
    ///   within the limit.
    /// - Throws: What the decoder throws, `.unreadable` when out of memory.
    func read(upTo limit: Int) throws(InputError) -> (base: UnsafeMutableRawPointer?, count: Int, complete: Bool) {
        var output = try InflateOutput(capacity: decoder.sizeHint, compressedSize: compressedSize, limit: limit, path: path)
        while !output.isFull {
            let produced = try decoder.fill(try output.room(path: path))
            if produced == 0 {
                let block = output.finish()
                return (block.base, block.count, true)
            }
            output.advance(by: produced)
        }
        let block = output.finish()
        return (block.base, block.count, false)
    }
}
