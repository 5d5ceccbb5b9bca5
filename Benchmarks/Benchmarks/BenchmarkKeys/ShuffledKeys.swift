/// The keys 0..<count in a fixed shuffled order (sorted by a SplitMix64 hash of each key), so that
/// both cache benchmarks look up the same keys in the same order and 100,000 keys miss the CPU caches
/// as they would in a service.
public func shuffledKeys(_ count: Int) -> [Int] {
    func mix(_ value: Int) -> UInt64 {
        var z = UInt64(value) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    return (0..<count).sorted { mix($0) < mix($1) }
}
