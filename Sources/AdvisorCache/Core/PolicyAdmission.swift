/// The admission rule every core shares before its own: an object must be able to fit at all.
enum PolicyAdmission {
    /// Whether an object of `weight` may be admitted into `capacity`.
    ///
    /// A weight must be positive (a zero weight would let a cache hold objects without bound);
    /// an object heavier than the whole capacity, or than a slot can record (4 GiB), is refused.
    @inline(__always)
    static func fits(_ weight: Int, in capacity: Int) -> Bool {
        precondition(weight > 0, "weights are positive: 1 per object, or the size in bytes")
        return weight <= capacity && weight <= Int(UInt32.max)
    }
}
