/// How much a `PredictiveCache` may hold: a number of entries, or a number of bytes with a way
/// to weigh each value. The cache checks the limit when it is created.
public struct CacheCapacity<Value>: Sendable {
    /// The limit, in the unit below.
    let limit: Int
    /// The weight of a value in bytes; `nil` for an entry-count capacity.
    let weigh: (@Sendable (Value) -> Int)?

    /// At most `count` entries (at least 1), whatever their size.
    public static func objects(_ count: Int) -> Self {
        Self(limit: count, weigh: nil)
    }

    /// At most `limit` bytes (at least 1), each value weighing what `weigh` says.
    /// - Parameters:
    ///   - limit: the byte budget; a value heavier than the whole budget is not cached.
    ///   - weigh: the value's size in bytes. Called outside the cache's lock, once per stored
    ///     value; results below 1 count as 1.
    public static func bytes(_ limit: Int, weigh: @escaping @Sendable (Value) -> Int) -> Self {
        Self(limit: limit, weigh: weigh)
    }
}
