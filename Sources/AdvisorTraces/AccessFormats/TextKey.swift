/// How text becomes a 64-bit key, the same way in every text format.
///
/// A key that is a decimal integer fitting in 64 bits is kept as its value, so block numbers and numeric
/// ids stay numbers (and addresses stay adjacent); any other text is hashed with FNV-1a. The two kinds
/// can collide only by a hash landing on an integer key, as unlikely as any other 64-bit hash collision.
enum TextKey {
    /// The key for a field's bytes.
    @inline(__always)
    static func key(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        unsigned(bytes) ?? fnv1a(bytes)
    }

    /// The value of a field made only of decimal digits; nil when empty, when any byte is not a digit
    /// (signs and blanks included), or when the value exceeds `UInt64.max`.
    @inline(__always)
    static func unsigned(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        guard !bytes.isEmpty, bytes.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// FNV-1a, 64-bit: a fast, well-spread hash of a key's bytes.
    @inline(__always)
    static func fnv1a(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }
}
