import Glibc

/// The bytes of one input file: memory-mapped when plain, decompressed into memory when gzip-, xz- or zstd-compressed.
///
/// The buffer never changes after `open(path:)` returns, so any number of threads may read it at once.
/// It is `@unchecked Sendable` only because it stores a raw pointer: the pointed-to memory is never
/// written after initialisation and is released only in `deinit`, when no reader can hold the buffer.
public final class InputBuffer: @unchecked Sendable {
    /// How the bytes are owned, which decides how `deinit` releases them.
    private enum Storage {
        /// A read-only `mmap` of a plain file.
        case mapped
        /// A `malloc` block holding decompressed or streamed bytes.
        case heap
    }

    /// The path the buffer was opened from, used to name the file in errors.
    public let path: String
    /// The number of bytes (after decompression).
    public let count: Int
    /// The first byte; never nil, because empty inputs are rejected.
    private let base: UnsafeMutableRawPointer
    private let storage: Storage

    private init(path: String, base: UnsafeMutableRawPointer, count: Int, storage: Storage) {
        self.path = path
        self.base = base
        self.count = count
        self.storage = storage
        // Bind once so every reader may view the bytes as `UInt8` without rebinding.
        base.bindMemory(to: UInt8.self, capacity: count)
    }

    deinit {
        switch storage {
        case .mapped: munmap(base, count)
        case .heap: free(base)
        }
    }

    /// Opens a file: maps it when plain, decompresses it when it starts with the magic bytes of gzip
    /// (`1f 8b`), xz (`fd 37 7a 58 5a 00`) or zstd (`28 b5 2f fd`).
    ///
    /// The compression is detected by content, not by the `.gz`/`.xz`/`.zst` extension, so renamed files
    /// still work. Files that cannot be mapped (pipes, process substitution) are read into memory instead.
    ///
    /// - Parameter path: The file to open.
    /// - Returns: The file's bytes, decompressed.
    /// - Throws: `InputError` `.unreadable` when the file cannot be opened or read, `.emptyFile` when it
    ///   holds no bytes (before or after decompression), `.badCompression` when the compressed data is
    ///   corrupt or truncated.
    public static func open(path: String) throws(InputError) -> InputBuffer {
        let (buffer, rest) = try open(path: path, holdingAtMost: InflateOutput.defaultLimit)
        if rest != nil { throw InflateOutput.tooLarge(path) }
        return buffer
    }

    /// Opens a file as `open(path:)` does, but holds at most `limit` decompressed bytes in memory: a
    /// compressed file whose content is longer comes back as its first `limit` bytes plus the stream of
    /// the rest, for readers that can work window by window (`NumericScan`).
    ///
    /// - Returns: The bytes (all of a plain file, mapped), and the rest of a longer compressed file.
    /// - Throws: As `open(path:)`.
    package static func open(path: String, holdingAtMost limit: Int) throws(InputError) -> (InputBuffer, CompressedInput?) {
        let raw = try RawFile.load(path: path)
        let compressed: CompressedInput?
        do {
            compressed = try CompressedInput(raw: raw, path: path)
        } catch {
            raw.release()
            throw error
        }
        guard let input = compressed else {
            return (InputBuffer(path: path, base: raw.base, count: raw.count, storage: raw.isMapped ? .mapped : .heap), nil)
        }
        let start = try input.read(upTo: limit)
        guard let base = start.base, start.count > 0 else {
            throw InputError(code: .emptyFile, file: path, message: "the compressed file holds no data")
        }
        return (InputBuffer(path: path, base: base, count: start.count, storage: .heap), start.complete ? nil : input)
    }

    /// Calls `body` with the buffer's bytes; the pointer is valid only during the call.
    ///
    /// - Parameter body: Reads the bytes; must not let the pointer escape.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    public func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try withExtendedLifetime(self) { () throws(E) -> R in
            try body(UnsafeRawBufferPointer(start: base, count: count))
        }
    }

    /// The 1-based line number of a byte offset, counting the `\n` bytes before it.
    ///
    /// Used only on error paths, so a linear count is fine.
    ///
    /// - Parameter offset: A byte offset; clamped to `0...count`.
    /// - Returns: The 1-based line that contains the offset.
    /// - Complexity: O(`offset`).
    public func lineNumber(ofOffset offset: Int) -> Int {
        withBytes { bytes in
            var newlines = 0
            for byte in bytes[..<min(max(offset, 0), count)] where byte == 0x0A {
                newlines &+= 1
            }
            return newlines + 1
        }
    }
}
