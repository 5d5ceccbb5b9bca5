/// Maps keys to dense `ObjectID`s and back, handing out released ids again before new ones.
///
/// The policy cores index their arrays by id, so the ids in use must stay dense: the highest id
/// ever handed out bounds every per-object array, and recycling keeps that bound at the number
/// of keys tracked at once rather than the number of keys ever seen.
@usableFromInline
struct KeyInterner<Key: Hashable>: CacheKeyTable {
    /// The one hash table of the cache: a hit costs this lookup and an index into the slots.
    @usableFromInline var ids: [Key: ObjectID] = [:]
    @usableFromInline var keys: [Key?] = []
    /// Released ids, reused last-released first.
    @usableFromInline var released: [ObjectID] = []

    @usableFromInline init() {}

    @usableFromInline var recyclesIDs: Bool { true }
    @usableFromInline var count: Int { ids.count }
    @usableFromInline var idSpan: Int { keys.count }

    /// - Complexity: O(1) (one hash lookup).
    @inlinable
    func id(of key: Key) -> ObjectID? {
        ids[key]
    }

    @inlinable
    func key(of id: ObjectID) -> Key? {
        Int(id) < keys.count ? keys[Int(id)] : nil
    }

    /// Hands out a released id first.
    /// - Complexity: O(1) amortised.
    @inlinable
    mutating func intern(_ key: Key) -> ObjectID {
        if let id = ids[key] { return id }
        let id: ObjectID
        if let reused = released.popLast() {
            id = reused
            keys[Int(id)] = key
        } else {
            // 4 billion keys at once: the dictionary alone would not fit in memory first.
            precondition(keys.count < Int(ObjectID.max), "more keys tracked at once than ObjectID can number")
            id = ObjectID(keys.count)
            keys.append(key)
        }
        ids[key] = id
        return id
    }

    /// Its key no longer holds an id. Releasing an unused id changes nothing.
    /// - Complexity: O(1).
    @inlinable
    mutating func release(_ id: ObjectID) {
        guard let key = key(of: id) else { return }
        ids[key] = nil
        keys[Int(id)] = nil
        released.append(id)
    }
}
