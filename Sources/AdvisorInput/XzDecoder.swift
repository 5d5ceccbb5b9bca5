// The only file that imports liblzma, so the C surface stays in one place.
import CLzma

/// Decodes xz data, every concatenated stream as `xz -d` does.
final class XzDecoder: Decompressor {
    /// `LZMA_CONCATENATED` from `lzma/container.h`, whose `UINT32_C` macro Swift does not import:
    /// decode streams one after the other until the input ends, allowing stream padding between them.
    private static let concatenated: UInt32 = 0x08

    private let source: UnsafeRawBufferPointer
    private let path: String
    // A zero-filled `lzma_stream` is what the C `LZMA_STREAM_INIT` macro spells out.
    private var stream = lzma_stream()
    private var ended = false

    /// - Parameters:
    ///   - source: The compressed bytes, starting with the xz magic bytes; they must outlive the decoder.
    ///   - path: The file name to put in errors.
    /// - Throws: `InputError` `.unreadable` when liblzma cannot allocate its state.
    init(source: UnsafeRawBufferPointer, path: String) throws(InputError) {
        self.source = source
        self.path = path
        guard lzma_stream_decoder(&stream, UInt64.max, Self.concatenated) == LZMA_OK else {
            throw InputError(code: .unreadable, file: path, message: "out of memory while decompressing")
        }
        stream.next_in = source.bindMemory(to: UInt8.self).baseAddress
        stream.avail_in = source.count
    }

    deinit {
        lzma_end(&stream)
    }

    var consumed: Int { source.count - stream.avail_in }

    /// The traces compress about 4–30×; the block doubles when the guess is short.
    var sizeHint: Int { source.count * 8 }

    func fill(_ output: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard !ended, let start = output.baseAddress, output.count > 0 else { return 0 }
        stream.next_out = start.assumingMemoryBound(to: UInt8.self)
        stream.avail_out = output.count
        while stream.avail_out > 0 {
            // All input is in memory, so every call may finish: the decoder then reports a cut-off stream.
            let status = lzma_code(&stream, LZMA_FINISH)
            switch status {
            case LZMA_STREAM_END:
                ended = true
                return output.count - stream.avail_out
            case LZMA_OK:
                continue
            case LZMA_BUF_ERROR where stream.avail_out == 0:
                continue
            case LZMA_BUF_ERROR:
                throw InputError(code: .badCompression, file: path, message: "truncated xz data")
            case LZMA_MEM_ERROR:
                throw InputError(code: .unreadable, file: path, message: "out of memory while decompressing")
            default:
                throw InputError(code: .badCompression, file: path, message: "corrupt xz data: \(Self.reason(status))")
            }
        }
        return output.count
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
