// The only file that imports libzstd, so the C surface stays in one place.
import CZstd

/// Decompresses zstd data (every concatenated frame, as `zstd -d` does) into one `malloc` block.
enum ZstdInflater {
    /// Decompresses every zstd frame in `source`.
    ///
    /// - Parameters:
    ///   - source: The compressed bytes, starting with the zstd magic bytes.
    ///   - path: The file name to put in errors.
    /// - Returns: A `malloc` block the caller must free (nil when nothing was decompressed), and the number of bytes in it.
    /// - Throws: `InputError` `.badCompression` on corrupt or truncated data, `.unreadable` when out of memory.
    static func inflate(
        _ source: UnsafeRawBufferPointer,
        path: String
    ) throws(InputError) -> (base: UnsafeMutableRawPointer?, count: Int) {
        // A frame header usually records its content size; it is only a first guess (more frames may follow).
        let declared = ZSTD_getFrameContentSize(source.baseAddress, source.count)
        // ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR are the two largest values (macros Swift does not import).
        let guess = declared >= UInt64.max - 1 || declared > UInt64(Int.max / 2) ? source.count * 8 : Int(declared) + 1
        var output = try InflateOutput(capacity: guess, compressedSize: source.count, path: path)
        guard let context = ZSTD_createDCtx() else {
            throw InputError(code: .unreadable, file: path, message: "out of memory while decompressing")
        }
        defer { ZSTD_freeDCtx(context) }
        var input = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: 0)
        while true {
            let room = try output.room(path: path)
            var target = ZSTD_outBuffer(dst: room.start, size: room.count, pos: 0)
            // 0 = a frame ended and is fully flushed; otherwise a hint that more input is needed.
            let hint = ZSTD_decompressStream(context, &target, &input)
            output.advance(by: target.pos)
            if ZSTD_isError(hint) != 0 {
                let reason = String(cString: ZSTD_getErrorName(hint))
                throw InputError(code: .badCompression, file: path, message: "corrupt zstd data: \(reason)")
            }
            guard input.pos == input.size else { continue }
            if hint == 0 { return output.finish() }
            // The input is used up mid-frame: with room left over, the decoder has nothing more to give.
            if target.pos < target.size {
                throw InputError(code: .badCompression, file: path, message: "truncated zstd data")
            }
        }
    }
}
