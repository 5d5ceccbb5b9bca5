import AdvisorInput

/// Reads the fixed-size binary formats: libCacheSim's `oracle-general` records and the raw key streams of
/// Caffeine's simulator traces (`cache2k` int32, `scarab` int64, both big-endian as Java writes them).
enum BinaryRecordReader {
    /// Reads `oracle-general`: 24-byte little-endian records `uint32 time, uint64 id, uint32 size,
    /// int64 next_access_vtime`.
    ///
    /// The id is the key as is, the time is stored as is (seconds in libCacheSim's conversion of the
    /// CloudPhysics trace), the size in bytes; `next_access_vtime` (libCacheSim's precomputed future, for
    /// Belady) is ignored. There are no operations.
    ///
    /// - Throws: `InputError` `.truncatedRecord` when the size is not a multiple of 24.
    static func readOracleGeneral(_ buffer: InputBuffer, progress: ((Double) -> Void)?) throws(InputError) -> AccessCollector {
        let recordSize = 24
        let records = try recordCount(buffer, recordSize: recordSize)
        var collector = AccessCollector(
            buffer: buffer, timestamps: true, operations: false, expectedCount: records, progress: progress)
        try buffer.withBytes { (bytes) throws(InputError) in
            for record in 0..<records {
                let offset = record * recordSize
                let time = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                let id = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt64.self))
                let size = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                try collector.append(key: id, size: size, time: Double(time))
                collector.reached(offset)
            }
        }
        return collector
    }

    /// Reads `cache2k` (`width` 4) or `scarab` (`width` 8): one big-endian integer key per access, nothing else.
    ///
    /// A cache2k key's 32 bits are kept as an unsigned number (bits 27–31 a type, 9–26 an id, 0–9 an index,
    /// per the traces' LICENSE.txt), a scarab key's 64 bits likewise.
    ///
    /// - Throws: `InputError` `.truncatedRecord` when the size is not a multiple of `width`.
    static func readKeys(_ buffer: InputBuffer, width: Int, progress: ((Double) -> Void)?) throws(InputError) -> AccessCollector {
        precondition(width == 4 || width == 8, "keys are 4 or 8 bytes wide")
        let records = try recordCount(buffer, recordSize: width)
        var collector = AccessCollector(
            buffer: buffer, timestamps: false, operations: false, expectedCount: records, progress: progress)
        try buffer.withBytes { (bytes) throws(InputError) in
            for record in 0..<records {
                let offset = record * width
                let key =
                    width == 4
                    ? UInt64(UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                    : UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                try collector.append(key: key)
                collector.reached(offset)
            }
        }
        return collector
    }

    /// The number of whole records, or an error naming the cut-off record (counted from 0) and its offset.
    private static func recordCount(_ buffer: InputBuffer, recordSize: Int) throws(InputError) -> Int {
        let whole = buffer.count / recordSize
        guard buffer.count % recordSize == 0 else {
            throw InputError(
                code: .truncatedRecord, file: buffer.path,
                message: "record \(whole) (byte \(whole * recordSize)): truncated record, file size \(buffer.count) "
                    + "is not a multiple of \(recordSize)")
        }
        return whole
    }
}
