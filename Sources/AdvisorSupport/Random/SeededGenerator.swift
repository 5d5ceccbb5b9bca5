/// The package's one seeded random number generator: SplitMix64.
///
/// Every sampled decision of the offline modules (and of the tests) draws from one of these, seeded by the
/// caller, so that a run replays identically. SplitMix64 passes BigCrush and costs a few instructions per
/// draw; it is not for cryptography.
package struct SeededGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    package init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    @inlinable
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A uniform index in `0..<count` (Lemire's multiply-shift; the bias is below 2⁻³² for small counts).
    @inlinable
    package mutating func index(below count: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(count)).high)
    }

    /// The SplitMix64 finaliser: a bijective scramble of 64 bits, also usable as a stateless hash.
    @inlinable
    package static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
