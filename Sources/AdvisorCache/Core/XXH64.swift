/// XXH64 (Yann Collet's xxHash, 64-bit) of one 8-byte little-endian word, from the published
/// algorithm: the short-input path for exactly eight bytes, then the final avalanche.
enum XXH64 {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    @inline(__always)
    static func hash(_ word: UInt64, seed: UInt64) -> UInt64 {
        var accumulator = seed &+ prime5 &+ 8
        let lane = rotateLeft(word &* prime2, 31) &* prime1
        accumulator ^= lane
        accumulator = rotateLeft(accumulator, 27) &* prime1 &+ prime4
        accumulator ^= accumulator >> 33
        accumulator &*= prime2
        accumulator ^= accumulator >> 29
        accumulator &*= prime3
        accumulator ^= accumulator >> 32
        return accumulator
    }

    @inline(__always)
    private static func rotateLeft(_ value: UInt64, _ bits: UInt64) -> UInt64 {
        (value << bits) | (value >> (64 - bits))
    }
}
