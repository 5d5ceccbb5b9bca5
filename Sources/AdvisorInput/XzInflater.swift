// The only file that imports liblzma, so the C surface stays in one place.
import CLzma

/// Decompresses xz data (every concatenated stream, as `xz -d` does) into one `malloc` block.
enum XzInflater {
    /// `LZMA_CONCATENATED` from `lzma/container.h`, whose `UINT32_C` macro Swift does not import:
    /// decode streams one after the other until the input ends, allowing stream padding between them.
    private static let concatenated: UInt32 = 0x08

    /// Decompresses every xz stream in `source`.
    ///
    /// - Parameters:
    ///   - source: The compressed bytes, starting with the xz magic bytes.
    ///   - path: The file name to put in errors.
    /// - Returns: A `malloc` block the caller must free (nil when nothing was decompressed), and the number of bytes in it.
    /// - Throws: `InputError` `.badCompression` on corrupt or truncated data, `.unreadable` when out of memory.
    static func inflate(
        _ source: UnsafeRawBufferPointer,
        path: String
    ) throws(InputError) -> (base: UnsafeMutableRawPointer?, count: Int) {
        // The traces compress about 4–30×; the block doubles when the guess is short.
        var output = try InflateOutput(capacity: source.count * 8, compressedSize: source.count, path: path)
        // A zero-filled `lzma_stream` is what the C `LZMA_STREAM_INIT` macro spells out.
        var stream = lzma_stream()
        guard lzma_stream_decoder(&stream, UInt64.max, concatenated) == LZMA_OK else {
            throw InputError(code: .unreadable, file: path, message: "out of memory while decompressing")
        }
        defer { lzma_end(&stream) }
        stream.next_in = source.bindMemory(to: UInt8.self).baseAddress
        stream.avail_in = source.count
        while true {
            let room = try output.room(path: path)
            stream.next_out = room.start.assumingMemoryBound(to: UInt8.self)
            stream.avail_out = room.count
            // All input is in memory, so every call may finish: the decoder then reports a cut-off stream.
            let status = lzma_code(&stream, LZMA_FINISH)
            output.advance(by: room.count - stream.avail_out)
            switch status {
            case LZMA_STREAM_END:
                return output.finish()
            case LZMA_OK:
                continue
            case LZMA_BUF_ERROR where stream.avail_out == 0:
                continue
            case LZMA_BUF_ERROR:
                throw InputError(code: .badCompression, file: path, message: "truncated xz data")
            case LZMA_MEM_ERROR:
                throw InputError(code: .unreadable, file: path, message: "out of memory while decompressing")
            default:
                throw InputError(code: .badCompression, file: path, message: "corrupt xz data: \(reason(status))")
            }
        }
    }

    /// What a liblzma status means, in the words of `lzma/base.h`.
    private static func reason(_ status: lzma_ret) -> String {
        switch status {
        case LZMA_FORMAT_ERROR: "not in the xz format"
        case LZMA_OPTIONS_ERROR: "unsupported compression options"
        case LZMA_DATA_ERROR: "data is corrupt"
        case LZMA_UNSUPPORTED_CHECK: "unsupported integrity check"
        default: "error \(status.rawValue)"
        }
    }
}
