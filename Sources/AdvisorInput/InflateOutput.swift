import Foundation
import Glibc

/// The growing `malloc` block `CompressedInput.read(upTo:)` decompresses into, whatever the compression.
///
/// It frees its memory when dropped, so an inflater that throws half-way leaks nothing; `finish()`
/// hands the block over instead.
struct InflateOutput: ~Copyable {
    /// The most a compressed input may inflate to: half the machine's memory. Beyond it the whole-file
    /// decompression would end in the kernel's OOM killer; a clear error naming the limit is better.
    static let defaultLimit = Int(clamping: ProcessInfo.processInfo.physicalMemory / 2)

    /// deflate's largest possible ratio (about 1032:1): a size header claiming more than this many times the
    /// compressed size is a lie, and is not used to size the first block.
    static let plausibleRatio = 1032

    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    private let limit: Int
    /// The number of bytes produced so far.
    private(set) var count = 0

    /// Allocates the first block.
    ///
    /// - Parameters:
    ///   - capacity: A first guess at the inflated size, often read from the untrusted file itself; at least 64 KiB
    ///     and at most `plausibleRatio` times `compressedSize` (and the limit) are allocated, the block doubles from there.
    ///   - compressedSize: The size of the compressed input.
    ///   - limit: The most bytes the block may grow to.
    ///   - path: The file name to put in errors.
    /// - Throws: `InputError` `.unreadable` when out of memory.
    init(capacity: Int, compressedSize: Int, limit: Int = defaultLimit, path: String) throws(InputError) {
        let plausible = compressedSize.multipliedReportingOverflow(by: Self.plausibleRatio)
        let bound = min(limit, plausible.overflow ? Int.max : plausible.partialValue)
        let bytes = max(min(capacity, bound), 1 << 16)
        guard let block = malloc(bytes) else { throw Self.outOfMemory(path) }
        base = block
        self.capacity = bytes
        self.limit = max(limit, bytes)
    }

    deinit {
        free(base)
    }

    /// Whether the block holds `limit` bytes and may grow no further.
    var isFull: Bool { count == limit }

    /// The free space after the produced bytes, doubling the block first when it is full.
    ///
    /// The room is capped at `UInt32.max` bytes, the most zlib and liblzma take in one call.
    /// - Precondition: `!isFull`.
    /// - Parameter path: The file name to put in errors.
    /// - Returns: Where to write and how many bytes fit.
    /// - Throws: `InputError` `.unreadable` when out of memory.
    mutating func room(path: String) throws(InputError) -> UnsafeMutableRawBufferPointer {
        precondition(!isFull, "the block is at its limit")
        if count == capacity {
            let grown = min(capacity * 2, limit)
            guard let block = realloc(base, grown) else { throw Self.outOfMemory(path) }
            base = block
            capacity = grown
        }
        return UnsafeMutableRawBufferPointer(start: base + count, count: min(capacity - count, Int(UInt32.max)))
    }

    /// The error for a compressed input that decompresses past `limit`.
    static func tooLarge(_ path: String, limit: Int = defaultLimit) -> InputError {
        let size = limit >= 1_000_000_000 ? String(format: "%.1f GB", Double(limit) / 1e9) : String(format: "%.1f MB", Double(limit) / 1e6)
        return InputError(
            code: .tooLarge, file: path,
            message:
                "decompresses to more than \(size), the most a compressed input may hold (half this machine's memory); decompress it to a file first"
        )
    }

    /// Records that `produced` bytes were written at the start of the last `room`.
    mutating func advance(by produced: Int) {
        count += produced
    }

    /// Hands over the block, shrunk to the produced bytes; nil (and freed) when nothing was produced.
    consuming func finish() -> (base: UnsafeMutableRawPointer?, count: Int) {
        let block = base
        let produced = count
        discard self
        guard produced > 0 else {
            free(block)
            return (nil, 0)
        }
        // Returns the unused tail of a generously sized block to the allocator.
        return (realloc(block, produced) ?? block, produced)
    }

    private static func outOfMemory(_ path: String) -> InputError {
        InputError(code: .unreadable, file: path, message: "out of memory while decompressing")
    }
}
