import Foundation

/// Approximate access counts for W-TinyLFU: a counting Bloom filter read as its minimum counter,
/// sized and aged as libCacheSim's `minimalIncrementCBF` with the parameters its `WTinyLFU` uses.
///
/// For an expected number of distinct objects `n` and error rate 0.001 it keeps
/// ceil(14.38 n) 32-bit counters and 10 probes per object (the Bloom-filter optimum); every
/// probe is incremented on `add`, the estimate is the smallest probed counter, and `halve()`
/// ages all counts. Probes come from two 64-bit XXH64 hashes of the identifier (Kirsch-Mitzenmacher).
struct FrequencySketch {
    private var counters: [UInt32]
    private let probes: UInt32

    /// - Parameters:
    ///   - entries: distinct objects the sketch should tell apart at the target error.
    ///   - errorRate: target false-positive rate of the underlying Bloom filter.
    init(entries: Int, errorRate: Double = 0.001) {
        let bitsPerEntry = -log(errorRate) / (0.693_147_180_559_945 * 0.693_147_180_559_945)
        let probes = Int((0.693_147_180_559_945 * bitsPerEntry).rounded(.up))
        var count = Int((bitsPerEntry * Double(max(entries, 1))).rounded(.up))
        count = max(count, 2 * probes)
        self.probes = UInt32(probes)
        counters = [UInt32](repeating: 0, count: count)
    }

    /// Counts one more occurrence of `id`.
    @inline(__always)
    mutating func add(_ id: ObjectID) {
        let (first, step) = Self.hashes(id)
        let size = UInt32(counters.count)
        for probe in 0..<probes {
            let slot = Int((first &+ probe &* step) % size)
            counters[slot] &+= 1
        }
    }

    /// The estimated count of `id` (never below the true count since the last `halve`s).
    @inline(__always)
    func estimate(_ id: ObjectID) -> UInt32 {
        let (first, step) = Self.hashes(id)
        let size = UInt32(counters.count)
        var smallest = UInt32.max
        for probe in 0..<probes {
            smallest = min(smallest, counters[Int((first &+ probe &* step) % size)])
        }
        return smallest
    }

    /// Halves every counter so that old popularity fades.
    mutating func halve() {
        for index in counters.indices { counters[index] >>= 1 }
    }

    /// Two independent 32-bit hashes of the identifier (the low halves of XXH64 with two seeds,
    /// the seeds libCacheSim uses).
    @inline(__always)
    private static func hashes(_ id: ObjectID) -> (UInt32, UInt32) {
        let key = UInt64(id)
        return (
            UInt32(truncatingIfNeeded: XXH64.hash(key, seed: 0x1234_5678)),
            UInt32(truncatingIfNeeded: XXH64.hash(key, seed: 0x1234_4321))
        )
    }
}
