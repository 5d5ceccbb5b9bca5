/// What a queue policy consults before it evicts from a queue's tail: the heuristic's own victim
/// and a few of its neighbours towards the head, of which the ranker picks one.
///
/// The heuristic stays the floor: a ranker that answers 0 always leaves the policy exactly the
/// heuristic. `HeuristicOnly` is that ranker, with no state and no calls left after inlining, so
/// `S3FIFOPolicy` costs nothing for the seam.
@usableFromInline
package protocol TailRanker {
    /// Most candidates the ranker wants to see per eviction (the heuristic's victim included);
    /// 1 or less asks for none.
    var candidateCount: Int { get }

    /// Every request, resident or not, before the policy looks it up.
    mutating func requested(_ id: ObjectID, now: Int)

    /// `id` entered the cache with `weight` (a request's miss or a prefetch).
    mutating func inserted(_ id: ObjectID, weight: Int, now: Int)

    /// Chooses the victim among `candidates`: the heuristic's own victim first, then its
    /// neighbours towards the head of its queue (`fromMain`: the main queue, else the queue where
    /// newcomers are tried). Returns an index into `candidates`.
    mutating func choose(among candidates: UnsafeBufferPointer<ObjectID>, now: Int, residents: Int, fromMain: Bool) -> Int

    /// Everything about `id` is to be forgotten (its identifier is being recycled).
    mutating func forgot(_ id: ObjectID)
}

/// The ranker that always agrees with the heuristic.
@usableFromInline
package struct HeuristicOnly: TailRanker {
    package init() {}
    @inlinable @inline(__always) package var candidateCount: Int { 0 }
    @inlinable @inline(__always) package mutating func requested(_ id: ObjectID, now: Int) {}
    @inlinable @inline(__always) package mutating func inserted(_ id: ObjectID, weight: Int, now: Int) {}
    @inlinable @inline(__always) package mutating func choose(
        among candidates: UnsafeBufferPointer<ObjectID>, now: Int, residents: Int, fromMain: Bool
    ) -> Int { 0 }
    @inlinable @inline(__always) package mutating func forgot(_ id: ObjectID) {}
}
