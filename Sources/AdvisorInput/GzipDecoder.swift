// The only file that imports zlib, so the C surface stays in one place.
import CZlib

/// Decodes gzip data, every concatenated member as `gzip -d` does.
final class GzipDecoder: Decompressor {
    private let source: UnsafeRawBufferPointer
    private let path: String
    private var stream = z_stream()
    /// Compressed bytes handed to zlib so far (it may not have used them all yet).
    private var fed = 0
    private var ended = false

    /// - Parameters:
    ///   - source: The compressed bytes, starting with a gzip header; they must outlive the decoder.
    ///   - path: The file name to put in errors.
    /// - Throws: `InputError` `.unreadable` when zlib cannot allocate its state.
    init(source: UnsafeRawBufferPointer, path: String) throws(InputError) {
        self.source = source
        self.path = path
        // 15 + 16: maximum window, gzip wrapper only (so a zlib or raw stream is reported as corrupt).
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw InputError(code: .unreadable, file: path, message: "out of memory while decompressing")
        }
    }

    deinit {
        inflateEnd(&stream)
    }

    var consumed: Int { fed - Int(stream.avail_in) }

    /// The trailer's size of the last member mod 2^32: a good first guess for one member, but written by
    /// whoever made the file, so `InflateOutput` bounds it by deflate's largest ratio.
    var sizeHint: Int {
        let bytes = source.bindMemory(to: UInt8.self)
        guard source.count >= 18 else { return source.count * 4 }
        let trailer =
            Int(bytes[source.count - 4]) | Int(bytes[source.count - 3]) << 8 | Int(bytes[source.count - 2]) << 16
            | Int(bytes[source.count - 1]) << 24
        return max(source.count * 4, trailer + 1)
    }

    func fill(_ output: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard !ended, let start = output.baseAddress, output.count > 0 else { return 0 }
        let room = min(output.count, Int(UInt32.max))
        stream.next_out = start.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = UInt32(room)
        while stream.avail_out > 0 {
            if stream.avail_in == 0 && fed < source.count {
                let piece = min(source.count - fed, Int(UInt32.max))
                stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: UInt8.self).baseAddress! + fed)
                stream.avail_in = UInt32(piece)
                fed += piece
            }
            let status = inflate(&stream, Z_NO_FLUSH)
            let remaining = Int(stream.avail_in) + (source.count - fed)
            switch status {
            case Z_STREAM_END:
                // gzip itself ignores zero padding after the last member (tape blocks); do the same.
                if UnsafeRawBufferPointer(rebasing: source[(source.count - remaining)...]).allSatisfy({ $0 == 0 }) {
                    ended = true
                    return room - Int(stream.avail_out)
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
        return room
    }
}
