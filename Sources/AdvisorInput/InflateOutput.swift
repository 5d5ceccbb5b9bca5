import Glibc

/// The growing `malloc` block an inflater writes into, shared by the gzip, xz and zstd inflaters.
///
/// It frees its memory when dropped, so an inflater that throws half-way leaks nothing; `finish()`
/// hands the block over instead.
struct InflateOutput: ~Copyable {
    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    /// The number of bytes produced so far.
    private(set) var count = 0

    /// Allocates the first block.
    ///
    /// - Parameters:
    ///   - capacity: A first guess at the inflated size; at least 64 KiB are allocated.
    ///   - path: The file name to put in errors.
    /// - Throws: `InputError` `.unreadable` when out of memory.
    init(capacity: Int, path: String) throws(InputError) {
        let bytes = max(capacity, 1 << 16)
        guard let block = malloc(bytes) else { throw Self.outOfMemory(path) }
        base = block
        self.capacity = bytes
    }

    deinit {
        free(base)
    }

    /// The free space after the produced bytes, doubling the block first when it is full.
    ///
    /// The room is capped at `UInt32.max` bytes, the most zlib and liblzma take in one call.
    /// - Parameter path: The file name to put in errors.
    /// - Returns: Where to write and how many bytes fit.
    /// - Throws: `InputError` `.unreadable` when out of memory.
    mutating func room(path: String) throws(InputError) -> (start: UnsafeMutableRawPointer, count: Int) {
        if count == capacity {
            guard let grown = realloc(base, capacity * 2) else { throw Self.outOfMemory(path) }
            base = grown
            capacity *= 2
        }
        return (base + count, min(capacity - count, Int(UInt32.max)))
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
