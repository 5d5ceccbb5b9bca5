/// How much a `PredictiveCache` may hold: a number of entries, or a number of bytes with a way
/// to weigh each value.
public struct CacheCapacity<Value>: Sendable {
    /// The limit, in the unit below.
    public let limit: Int
    /// What the limit counts.
    public let unit: CapacityUnit
    /// The weight of a value in bytes; `nil` for an entry-count capacity.
    let weigh: (@Sendable (Value) -> Int)?

    /// At most `count` entries, whatever their size.
    public static func objects(_ count: Int) -> Self {
        precondition(count > 0, "a cache holds at least one entry")
        return Self(limit: count, unit: .objects, weigh: nil)
    }

    /// At most `limit` bytes, each value weighing what `weigh` says.
    /// - Parameters:
    ///   - limit: the byte budget; a value heavier than the whole budget is not cached.
    ///   - weigh: the value's size in bytes. Called outside the cache's lock, once per stored
    ///     value; results below 1 count as 1.
    public static func bytes(_ limit: Int, weigh: @escaping @Sendable (Value) -> Int) -> Self {
        precondition(limit > 0, "a cache holds at least one byte")
        return Self(limit: limit, unit: .bytes, weigh: weigh)
    }
}
