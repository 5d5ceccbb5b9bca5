/// How a `CacheEngine` names objects: from the caller's keys to the dense `ObjectID`s the policy
/// cores index their arrays by.
///
/// The runtime interns arbitrary keys and recycles the ids of keys it has forgotten, so its memory
/// stays proportional to the capacity (`KeyInterner`). A replay's keys already are dense ids,
/// numbered once for the whole trace, and stay known for good (`TraceIDs`).
@usableFromInline
package protocol CacheKeyTable {
    associatedtype Key
    /// Whether the ids of keys that left the cache are forgotten and handed to new keys once the
    /// retired queue is full (the runtime), or kept for the whole run (a replay).
    var recyclesIDs: Bool { get }
    /// Number of keys holding an id.
    var count: Int { get }
    /// One past the highest id handed out.
    var idSpan: Int { get }
    /// The id of `key`, if it holds one.
    func id(of key: Key) -> ObjectID?
    /// The key holding `id`, or `nil` when `id` is unused.
    func key(of id: ObjectID) -> Key?
    /// The id of `key`, handing one out when it holds none.
    mutating func intern(_ key: Key) -> ObjectID
    /// Releases `id` so that another key can take it.
    mutating func release(_ id: ObjectID)
}

/// The keys of a replay: a trace's objects, numbered 0, 1, 2, … by first appearance, so the key
/// is its own id. Every id names an object (one the trace requests later, or an address
/// the prefetcher reads ahead), and none is ever recycled.
package struct TraceIDs: CacheKeyTable {
    package private(set) var idSpan = 0

    package init() {}

    package var recyclesIDs: Bool { false }
    package var count: Int { idSpan }
    package func id(of key: ObjectID) -> ObjectID? { key }
    package func key(of id: ObjectID) -> ObjectID? { id }
    package mutating func intern(_ key: ObjectID) -> ObjectID {
        idSpan = max(idSpan, Int(key) + 1)
        return key
    }
    package mutating func release(_ id: ObjectID) {}
}
