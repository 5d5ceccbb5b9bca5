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
        return format(hashes: hashes.values, count: buffer.count)
    }

    /// The same fingerprint computed over bytes that arrive in pieces (a decompressed stream), for files
    /// too long to hold: `add` the content in order, then `value`.
    package struct Stream {
        private var hashes: [UInt64] = []
        /// The running state of the current segment and its length so far.
        private var state = Fingerprint.segmentState(0)
        private var inSegment = 0
        /// A word cut by a piece's end: its bytes so far, little-endian, and how many.
        private var partial: UInt64 = 0
        private var partialCount = 0
        private var total = 0

        package init() {}

        package mutating func add(_ bytes: UnsafeRawBufferPointer) {
            var index = 0
            while index < bytes.count {
                if inSegment == segmentBytes { endSegment() }
                // Whole words while aligned to a word start within the segment and inside this piece.
                if partialCount == 0 {
                    let words = min((bytes.count - index) / 8, (segmentBytes - inSegment) / 8)
                    for word in 0..<words {
                        state = mix(state ^ bytes.loadUnaligned(fromByteOffset: index + word * 8, as: UInt64.self))
                    }
                    index += words * 8
                    inSegment += words * 8
                    total += words * 8
                    if words > 0 { continue }
                }
                guard index < bytes.count, inSegment < segmentBytes else { continue }
                partial |= UInt64(bytes[index]) << (8 * UInt64(partialCount))
                partialCount += 1
                index += 1
                inSegment += 1
                total += 1
                if partialCount == 8 {
                    state = mix(state ^ partial)
                    partial = 0
                    partialCount = 0
                }
            }
        }

        /// `"mx64:<16 hex digits>"`, equal to `Fingerprint.of` on a buffer holding the same bytes.
        package mutating func value() -> String {
            // The last segment's trailing bytes are hashed one by one, as `hashSegment` does.
            for byte in 0..<partialCount { state = mix(state ^ ((partial >> (8 * UInt64(byte))) & 0xFF)) }
            partialCount = 0
            if inSegment > 0 || hashes.isEmpty { endSegment() }
            return Fingerprint.format(hashes: hashes, count: total)
        }

        private mutating func endSegment() {
            hashes.append(state)
            state = Fingerprint.segmentState(UInt64(hashes.count))
            inSegment = 0
        }
    }

    /// The start state of segment `seed`.
    static func segmentState(_ seed: UInt64) -> UInt64 { mix(seed &+ 0x632B_E59B_D9B4_E019) }

    /// The segment hashes combined in order with the byte count, as text.
    static func format(hashes: [UInt64], count: Int) -> String {
        let hash = hashes.reduce(0x9E37_79B9_7F4A_7C15 ^ UInt64(count)) { mix($0 ^ $1) }
        let hex = String(hash, radix: 16)
        return "mx64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func hashSegment(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var state = segmentState(seed)
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
