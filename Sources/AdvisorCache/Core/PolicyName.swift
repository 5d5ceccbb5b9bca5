/// The heuristic eviction policies, by the names the command line uses.
///
/// Inside the package, `withPolicy` builds one and hands it to generic code as its concrete type,
/// so a replay loop written once (`func visit<Policy: CachePolicy>(_ policy: inout Policy)`) is
/// specialised for every policy: each request is a direct call, never a dynamic dispatch.
/// Swift closures cannot be generic, hence the small visitor protocol instead of a closure.
public enum BaselinePolicy: String, CaseIterable, Sendable, Codable {
    case fifo, lru, clock, arc, slru
    case twoQ = "2q"
    case s3fifo, sieve, wtinylfu
    case wtinylfuAdaptive = "wtinylfu-adaptive"
    case belady

    /// Whether the policy reads the future (Belady's MIN): usable in a replay, not in a live cache.
    package var isOffline: Bool { self == .belady }

    /// Builds the policy and runs `visitor` on it.
    /// - Parameters:
    ///   - capacity: objects, or bytes when the caller inserts sizes as weights.
    ///   - expectedIDs: identifiers to make room for up front (the trace's unique count).
    ///   - expectedObjects: resident objects W-TinyLFU should size its sketch for in a byte cache
    ///     (nil: its main capacity, right for an object-count cache).
    ///   - nextAccess: `NextAccess.compute` of the trace; required by `.belady`.
    ///   - visitor: the generic code to run with the concrete policy.
    /// - Returns: what the visitor returns.
    /// - Throws: `CacheConfigurationError` for a capacity below 1 or Belady without `nextAccess`.
    package func withPolicy<Visitor: CachePolicyVisitor>(
        capacity: Int, expectedIDs: Int = 0, expectedObjects: Int? = nil, nextAccess: [Int32]? = nil, _ visitor: Visitor
    ) throws(CacheConfigurationError) -> Visitor.Result {
        guard capacity > 0 else { throw CacheConfigurationError("\(rawValue): the capacity must be at least 1, got \(capacity)") }
        switch self {
        case .fifo:
            var policy = FIFOPolicy(capacity: capacity, expectedIDs: expectedIDs)
            return visitor.visit(&policy)
        case .lru:
            var policy = LRUPolicy(capacity: capacity, expectedIDs: expectedIDs)
            return visitor.visit(&policy)
        case .clock:
            var policy = CLOCKPolicy(capacity: capacity, expectedIDs: expectedIDs)
            return visitor.visit(&policy)
        case .arc:
            var policy = ARCPolicy(capacity: capacity, expectedIDs: expectedIDs)
            return visitor.visit(&policy)
        case .slru:
            var policy = SLRUPolicy(capacity: capacity, expectedIDs: expectedIDs)
            return visitor.visit(&policy)
        case .twoQ:
            var policy = TwoQPolicy(capacity: capacity, expectedIDs: expectedIDs)
            return visitor.visit(&policy)
        case .s3fifo:
            var policy = S3FIFOPolicy(capacity: capacity, expectedIDs: expectedIDs)
            return visitor.visit(&policy)
        case .sieve:
            var policy = SIEVEPolicy(capacity: capacity, expectedIDs: expectedIDs)
            return visitor.visit(&policy)
        case .wtinylfu:
            var policy = WTinyLFUPolicy(capacity: capacity, expectedObjects: expectedObjects, expectedIDs: expectedIDs)
            return visitor.visit(&policy)
        case .wtinylfuAdaptive:
            var policy = WTinyLFUPolicy(capacity: capacity, expectedObjects: expectedObjects, expectedIDs: expectedIDs, adaptive: true)
            return visitor.visit(&policy)
        case .belady:
            guard let nextAccess else {
                throw CacheConfigurationError(
                    "belady reads the future: it needs the trace's next-access array and cannot run in a live cache")
            }
            var policy = BeladyPolicy(capacity: capacity, nextAccess: nextAccess, expectedIDs: expectedIDs)
            return visitor.visit(&policy)
        }
    }

    /// Builds the policy as an existential, for a runtime cache where one dynamic call per
    /// request does not matter (a replay should use `withPolicy` instead).
    /// - Throws: `CacheConfigurationError` as `withPolicy`.
    package func make(capacity: Int, expectedIDs: Int = 0, expectedObjects: Int? = nil, nextAccess: [Int32]? = nil)
        throws(CacheConfigurationError) -> any CachePolicy
    {
        try withPolicy(capacity: capacity, expectedIDs: expectedIDs, expectedObjects: expectedObjects, nextAccess: nextAccess, Boxer())
    }

    private struct Boxer: CachePolicyVisitor {
        func visit<Policy: CachePolicy>(_ policy: inout Policy) -> any CachePolicy { policy }
    }
}

/// Generic code that runs on whichever concrete policy `BaselinePolicy.withPolicy` builds.
package protocol CachePolicyVisitor {
    associatedtype Result
    /// Called once with the freshly built policy.
    func visit<Policy: CachePolicy>(_ policy: inout Policy) -> Result
}
