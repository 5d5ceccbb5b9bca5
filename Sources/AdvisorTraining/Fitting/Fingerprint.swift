public import AdvisorInput
import Dispatch

/// A content fingerprint of an input file, recorded in each model so a model can be traced to its data.
///
/// A 64-bit multiply–xorshift hash over 8-byte words, computed on fixed 16 MiB segments in
/// parallel (the segments' hashes are then combined in order), so fingerprinting a large file
/// costs a fraction of reading it. It identifies data; it is not a cryptographic digest.
public enum Fingerprint {
    /// Segment size; fixed so that the fingerprint does not depend on the machine's core count.
    static let segmentBytes = 16 << 20

    /// `"mx64:<16 hex digits>"` for the file's bytes.
    public static func of(_ buffer: InputBuffer) -> String {
        let segments = max(1, (buffer.count + segmentBytes - 1) / segmentBytes)
        let hashes = ChunkSlots(count: segments, initial: UInt64(0))
        DispatchQueue.concurrentPerform(iterations: segments) { segment in
            let start = segment * segmentBytes
            let value = buffer.withBytes { bytes in
                hashSegment(UnsafeRawBufferPointer(rebasing: bytes[start..<min(bytes.count, start + segmentBytes)]), seed: UInt64(segment))
            }
            hashes.update(segment) { $0 = value }
        }
        let hash = hashes.values.reduce(0x9E37_79B9_7F4A_7C15 ^ UInt64(buffer.count)) { mix($0 ^ $1) }
        let hex = String(hash, radix: 16)
        return "mx64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func hashSegment(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var state = mix(seed &+ 0x632B_E59B_D9B4_E019)
        let words = bytes.count / 8
        for index in 0..<words {
            state = mix(state ^ bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
        }
        for index in (words * 8)..<bytes.count { state = mix(state ^ UInt64(bytes[index])) }
        return state
    }

    @inline(__always) private static func mix(_ value: UInt64) -> UInt64 {
        var x = value &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 31
        return x &* 0x94D0_49BB_1331_11EB
    }
}
