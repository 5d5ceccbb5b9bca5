/// For every request of a trace, the index of the next request for the same object.
///
/// This is the oracle Belady's MIN evicts by, and the label a learned eviction policy is
/// trained to predict (how far away an object's next use is).
package enum NextAccess {
    /// The value for a request whose object is never requested again.
    package static let never = Int32.max

    /// Computes the next-request index of every request in one backward pass.
    /// - Parameter ids: the trace's dense object identifiers, in request order (fewer than
    ///   `Int32.max` requests).
    /// - Returns: one entry per request: the index of the next request for the same object,
    ///   or `never`.
    /// - Complexity: O(n) time, O(n + largest id) memory.
    package static func compute(_ ids: UnsafeBufferPointer<ObjectID>) -> [Int32] {
        precondition(ids.count < Int(Int32.max), "traces of 2^31 requests or more need 64-bit indices")
        guard let largest = ids.max() else { return [] }
        var upcoming = [Int32](repeating: never, count: Int(largest) + 1)
        return [Int32](unsafeUninitializedCapacity: ids.count) { next, initialized in
            var index = ids.count - 1
            while index >= 0 {
                let id = Int(ids[index])
                next[index] = upcoming[id]
                upcoming[id] = Int32(index)
                index -= 1
            }
            initialized = ids.count
        }
    }

    /// Computes the next-request index of every request; see `compute(_:)` for a buffer.
    package static func compute(_ ids: [ObjectID]) -> [Int32] {
        ids.withUnsafeBufferPointer { compute($0) }
    }
}
