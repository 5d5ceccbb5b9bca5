// The only file that imports zlib, so the C surface stays in one place.
import CZlib

/// Inflates gzip data (all concatenated members, as `gzip -d` does) into one `malloc` block.
enum GzipInflater {
    /// Inflates every gzip member in `source`.
    ///
    /// - Parameters:
    ///   - source: The compressed bytes, starting with a gzip header.
    ///   - path: The file name to put in errors.
    /// - Returns: A `malloc` block the caller must free (nil when nothing was inflated), and the number of inflated bytes in it.
    /// - Throws: `InputError` `.badCompression` on corrupt or truncated data, `.unreadable` when out of memory.
    static func inflate(
        _ source: UnsafeRawBufferPointer,
        path: String
    ) throws(InputError) -> (base: UnsafeMutableRawPointer?, count: Int) {
        let input = source.bindMemory(to: UInt8.self)
        // The trailer holds the size of the last member mod 2^32: a good first guess for one member, but written by
        // whoever made the file, so InflateOutput bounds it by deflate's largest ratio.
        var guess = source.count * 4
        if source.count >= 18 {
            let trailer =
                Int(input[source.count - 4]) | Int(input[source.count - 3]) << 8
                | Int(input[source.count - 2]) << 16 | Int(input[source.count - 1]) << 24
            guess = max(guess, trailer + 1)
        }
        var output = try InflateOutput(capacity: guess, compressedSize: source.count, path: path)
        var stream = z_stream()
        // 15 + 16: maximum window, gzip wrapper only (so a zlib or raw stream is reported as corrupt).
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw InputError(code: .unreadable, file: path, message: "out of memory while decompressing")
        }
        defer { inflateEnd(&stream) }

        var consumed = 0
        while true {
            if stream.avail_in == 0 && consumed < source.count {
                let piece = min(source.count - consumed, Int(UInt32.max))
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + consumed)
                stream.avail_in = UInt32(piece)
                consumed += piece
            }
            let room = try output.room(path: path)
            stream.next_out = room.start.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = UInt32(room.count)
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            output.advance(by: room.count - Int(stream.avail_out))
            let remaining = Int(stream.avail_in) + (source.count - consumed)
            switch status {
            case Z_STREAM_END:
                let rest = UnsafeRawBufferPointer(rebasing: source[(source.count - remaining)...])
                // gzip itself ignores zero padding after the last member (tape blocks); do the same.
                if rest.allSatisfy({ $0 == 0 }) {
                    return output.finish()
                }
                inflateReset(&stream)
            case Z_OK:
                continue
            case Z_BUF_ERROR where remaining > 0 || stream.avail_out == 0:
                continue
            case Z_BUF_ERROR:
                throw InputError(code: .badCompression, file: path, message: "truncated gzip data")
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw InputError(code: .badCompression, file: path, message: "corrupt gzip data: \(reason)")
            }
        }
    }
}
