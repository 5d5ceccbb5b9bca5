public import AdvisorInput

/// A content fingerprint of an input file, recorded in each model so a model can be traced to its data.
///
/// A 64-bit multiply–xorshift hash over 8-byte words plus the length: fast enough (GB/s) to run on
/// every fit without showing up in its time; it identifies data, it is not a cryptographic digest.
public enum Fingerprint {
    /// `"mx64:<16 hex digits>"` for the file's bytes.
    public static func of(_ buffer: InputBuffer) -> String {
        let hash = buffer.withBytes { bytes -> UInt64 in
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
            let words = bytes.count / 8
            for index in 0..<words {
                state = mix(state ^ bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
            }
            for index in (words * 8)..<bytes.count { state = mix(state ^ UInt64(bytes[index])) }
            return state
        }
        let hex = String(hash, radix: 16)
        return "mx64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    @inline(__always) private static func mix(_ value: UInt64) -> UInt64 {
        var x = value &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 31
        return x &* 0x94D0_49BB_1331_11EB
    }
}
