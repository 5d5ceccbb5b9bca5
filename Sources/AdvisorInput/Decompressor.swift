/// Turns a compressed file's bytes into its content a piece at a time, so that a reader holds only as much
/// of the content as it needs; the gzip, xz and zstd decoders are the only conformers.
///
/// Each decoder owns its library's state, frees it in `deinit`, and reads the compressed bytes from memory
/// that the `CompressedInput` holding it keeps alive.
protocol Decompressor: AnyObject {
    /// Writes the next decompressed bytes into `output`.
    /// - Returns: How many were written; 0 only when the data has ended (or `output` is empty).
    /// - Throws: `InputError` `.badCompression` on corrupt or truncated data, `.unreadable` when out of memory.
    func fill(_ output: UnsafeMutableRawBufferPointer) throws(InputError) -> Int
    /// How many compressed bytes have been used so far.
    var consumed: Int { get }
    /// A first guess at the decompressed size, read from the file (so never trusted beyond sizing a block).
    var sizeHint: Int { get }
}
