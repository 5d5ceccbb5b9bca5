import HeapModule

/// Drives a policy core over a recorded request sequence at full speed (DESIGN.md: the replay
/// drives the very core the runtime wraps).
///
/// A request is `access`; on a miss the object is fetched and `insert`ed. Requests before
/// `countedFrom` warm the cache (and train what learns online) but are not counted.
public struct CacheReplay: Sendable {
    /// Dense object id of each request.
    public let ids: [ObjectID]
    /// Size in bytes of each request's object.
    public let sizes: [UInt32]
    /// Whether capacity counts objects or bytes.
    public let unit: CapacityUnit

    public init(ids: [ObjectID], sizes: [UInt32], unit: CapacityUnit) {
        precondition(ids.count == sizes.count)
        self.ids = ids
        self.sizes = sizes
        self.unit = unit
    }

    /// Replays `requests` through `policy`, counting from `countedFrom`.
    /// - Complexity: O(n) calls into the policy.
    public func run<P: CachePolicy>(_ policy: inout P, requests: Range<Int>, countedFrom: Int) -> CacheTally {
        var tally = CacheTally()
        var misses = 0
        var missedBytes = 0.0
        var requestedBytes = 0.0
        ids.withUnsafeBufferPointer { ids in
            sizes.withUnsafeBufferPointer { sizes in
                let byWeight = unit == .bytes
                for index in requests {
                    let id = ids[index]
                    let counted = index >= countedFrom
                    if counted { requestedBytes += Double(sizes[index]) }
                    if policy.access(id, now: index) { continue }
                    if counted {
                        misses += 1
                        missedBytes += Double(sizes[index])
                    }
                    _ = policy.insert(id, weight: byWeight ? Int(sizes[index]) : 1, now: index) { _ in }
                }
            }
        }
        tally.requests = max(0, requests.upperBound - max(countedFrom, requests.lowerBound))
        tally.misses = misses
        tally.missedBytes = missedBytes
        tally.requestedBytes = requestedBytes
        return tally
    }
}
