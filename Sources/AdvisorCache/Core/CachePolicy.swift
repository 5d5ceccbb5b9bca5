/// Dense identifier of an object: an index into a policy's per-object arrays.
///
/// The simulation numbers a trace's keys 0, 1, 2, … by first appearance; the runtime cache
/// interns its keys the same way and recycles identifiers it has told the policy to `forget`.
public typealias ObjectID = UInt32

/// The unit a cache's capacity is counted in.
public enum CapacityUnit: String, Sendable, Codable {
    /// Every object weighs 1, whatever its size.
    case objects
    /// Every object weighs its size in bytes.
    case bytes
}

/// One eviction policy's single-threaded core (DESIGN.md: one policy core).
///
/// The replay drives a core directly at full speed; the runtime cache wraps the same core in a
/// lock. A core never reads a clock: `now` is the request counter ("virtual time") that the
/// caller advances by one per request, so the same core replays a trace and serves a service.
///
/// A request is `access` and, on a miss, `insert` when the caller fetched the object.
/// Prefetching is an `insert` of an object nobody asked for yet.
public protocol CachePolicy {
    /// Capacity, in the unit the cache was created with.
    var capacity: Int { get }
    /// Weight held by resident objects (objects or bytes, as the capacity).
    var used: Int { get }
    /// Number of resident objects.
    var residentCount: Int { get }

    /// Whether `id` is resident. Changes nothing.
    func contains(_ id: ObjectID) -> Bool

    /// A request for `id` at virtual time `now`.
    /// - Returns: `true` on a hit, after updating the policy's recency and frequency state;
    ///   `false` on a miss (frequency sketches still count the request).
    mutating func access(_ id: ObjectID, now: Int) -> Bool

    /// Admits `id`, which is not resident, evicting as many objects as needed.
    /// - Parameters:
    ///   - weight: 1 for an object-count cache, the size in bytes for a byte cache.
    ///   - evicted: called once per object the policy evicts to make room, before returning.
    /// - Returns: `false` when the object was not admitted (heavier than the whole capacity,
    ///   or refused by an admission filter); nothing is evicted then.
    mutating func insert(_ id: ObjectID, weight: Int, now: Int, evicted: (ObjectID) -> Void) -> Bool

    /// Drops `id` if it is resident (expiry or invalidation). Not an eviction decision:
    /// ghost lists are not updated.
    mutating func remove(_ id: ObjectID)

    /// Forgets everything about `id`, ghost history included, so its identifier can be reused
    /// for another key. Removes it first if it is resident.
    mutating func forget(_ id: ObjectID)
}
