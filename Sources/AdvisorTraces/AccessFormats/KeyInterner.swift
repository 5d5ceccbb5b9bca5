/// Numbers 64-bit keys 0, 1, 2, … in order of first appearance.
///
/// An open-addressing table with linear probing, kept at most half full: two flat arrays (keys and
/// ids) and no allocation per lookup. Interning the 12.7M keys of ARC P6 (release, shared 2-core
/// machine) took 0.7–0.9 s here against 2.5–5 s with `Dictionary<UInt64, UInt32>`.
struct KeyInterner {
    /// Marks a free slot; real ids are below it.
    private static let free = UInt32.max
    /// The most keys that can be numbered: every 32-bit id except the free marker.
    static let limit = Int(UInt32.max)

    private var slotKeys: [UInt64]
    private var slotIDs: [UInt32]
    /// 64 − log2(slot count): the product's top bits pick the slot.
    private var shift: UInt64
    /// The number of keys numbered so far; the next new key gets this id.
    private(set) var count = 0

    /// Creates an empty table of 2,048 slots; it doubles whenever it is half full.
    init() {
        let slots = 2048
        slotKeys = [UInt64](repeating: 0, count: slots)
        slotIDs = [UInt32](repeating: Self.free, count: slots)
        shift = UInt64(64 - slots.trailingZeroBitCount)
    }

    /// The dense id of `key`, numbering it when it is new.
    ///
    /// - Parameter key: The key.
    /// - Returns: The id and whether the key was new; nil when the key is new and `limit` keys are numbered.
    /// - Complexity: O(1) expected; amortised over the table's doubling.
    @inline(__always)
    mutating func intern(_ key: UInt64) -> (id: UInt32, isNew: Bool)? {
        let mask = slotIDs.count - 1
        var slot = slotIndex(key)
        while true {
            let id = slotIDs[slot]
            if id == Self.free { break }
            if slotKeys[slot] == key { return (id, false) }
            slot = (slot + 1) & mask
        }
        guard count < Self.limit else { return nil }
        let id = UInt32(truncatingIfNeeded: count)
        slotKeys[slot] = key
        slotIDs[slot] = id
        count += 1
        if 2 * count > slotIDs.count { grow() }
        return (id, true)
    }

    /// Fibonacci hashing of the key's group of 8 neighbours, then the key's place in its group.
    ///
    /// Block and page traces ask for runs of consecutive keys; keeping each aligned group of 8 in one
    /// aligned block of 8 slots turns a run's lookups into cache hits (about 20% less time interning
    /// ARC P6 than hashing every key apart). Keys without such runs still spread evenly.
    @inline(__always)
    private func slotIndex(_ key: UInt64) -> Int {
        let group = ((key >> 3) &* 0x9E37_79B9_7F4A_7C15) >> shift
        return Int(truncatingIfNeeded: group ^ (key & 7))
    }

    /// Doubles the slot count and re-inserts every key.
    private mutating func grow() {
        let oldKeys = slotKeys
        let oldIDs = slotIDs
        let slots = oldIDs.count * 2
        slotKeys = [UInt64](repeating: 0, count: slots)
        slotIDs = [UInt32](repeating: Self.free, count: slots)
        shift -= 1
        let mask = slots - 1
        for index in oldIDs.indices where oldIDs[index] != Self.free {
            var slot = slotIndex(oldKeys[index])
            while slotIDs[slot] != Self.free { slot = (slot + 1) & mask }
            slotKeys[slot] = oldKeys[index]
            slotIDs[slot] = oldIDs[index]
        }
    }
}
