// The only file that imports libzstd, so the C surface stays in one place.
import CZstd

/// Decodes zstd data, every concatenated frame as `zstd -d` does.
final class ZstdDecoder: Decompressor {
    private let source: UnsafeRawBufferPointer
    private let path: String
    private let context: OpaquePointer
    private var input: ZSTD_inBuffer
    private var ended = false

    /// - Parameters:
    ///   - source: The compressed bytes, starting with the zstd magic bytes; they must outlive the decoder.
    ///   - path: The file name to put in errors.
    /// - Throws: `InputError` `.unreadable` when libzstd cannot allocate its state.
    init(source: UnsafeRawBufferPointer, path: String) throws(InputError) {
        guard let context = ZSTD_createDCtx() else {
            throw InputError(code: .unreadable, file: path, message: "out of memory while decompressing")
        }
        self.source = source
        self.path = path
        self.context = context
        input = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: 0)
    }

    deinit {
        ZSTD_freeDCtx(context)
    }

    var consumed: Int { input.pos }

    /// A frame header usually records its content size; it is only a first guess (more frames may follow).
    var sizeHint: Int {
        let declared = ZSTD_getFrameContentSize(source.baseAddress, source.count)
        // ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR are the two largest values (macros Swift does not import).
        return declared >= UInt64.max - 1 || declared > UInt64(Int.max / 2) ? source.count * 8 : Int(declared) + 1
    }

    func fill(_ output: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard !ended, output.count > 0 else { return 0 }
        var target = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
        while target.pos < target.size {
            // 0 = a frame ended and is fully flushed; otherwise a hint that more input is needed.
            let hint = ZSTD_decompressStream(context, &target, &input)
            if ZSTD_isError(hint) != 0 {
                let reason = String(cString: ZSTD_getErrorName(hint))
                throw InputError(code: .badCompression, file: path, message: "corrupt zstd data: \(reason)")
            }
            guard input.pos == input.size else { continue }
            if hint == 0 {
                ended = true
                break
            }
            // The input is used up mid-frame: with room left over, the decoder has nothing more to give.
            if target.pos < target.size {
                throw InputError(code: .badCompression, file: path, message: "truncated zstd data")
            }
        }
        return target.pos
    }
}
