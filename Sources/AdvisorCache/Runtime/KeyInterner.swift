/// Maps keys to dense `ObjectID`s and back, handing out released ids again before new ones.
///
/// The policy cores index their arrays by id, so the ids in use must stay dense: the highest id
/// ever handed out bounds every per-object array, and recycling keeps that bound at the number
/// of keys tracked at once rather than the number of keys ever seen.
@usableFromInline
struct KeyInterner<Key: Hashable> {
    @usableFromInline var ids: [Key: ObjectID] = [:]
    private var keys: [Key?] = []
    /// Released ids, reused last-released first.
    private var released: [ObjectID] = []

    /// Number of keys that hold an id.
    var count: Int { ids.count }
    /// One past the highest id handed out: the length of every per-id array.
    var idSpan: Int { keys.count }

    /// The id of `key`, if it holds one.
    /// - Complexity: O(1) (one hash lookup).
    @inlinable
    func id(of key: Key) -> ObjectID? {
        ids[key]
    }

    /// The key holding `id`, or `nil` when `id` is unused.
    func key(of id: ObjectID) -> Key? {
        Int(id) < keys.count ? keys[Int(id)] : nil
    }

    /// The id of `key`, handing one out when it holds none.
    /// - Complexity: O(1) amortised.
    mutating func intern(_ key: Key) -> ObjectID {
        if let id = ids[key] { return id }
        let id: ObjectID
        if let reused = released.popLast() {
            id = reused
            keys[Int(id)] = key
        } else {
            precondition(keys.count < Int(ObjectID.max), "more keys tracked at once than ObjectID can number")
            id = ObjectID(keys.count)
            keys.append(key)
        }
        ids[key] = id
        return id
    }

    /// Releases `id` so it can be handed to another key; its key no longer holds an id.
    /// - Complexity: O(1).
    mutating func release(_ id: ObjectID) {
        guard let key = keys[Int(id)] else { preconditionFailure("id \(id) is not in use") }
        ids[key] = nil
        keys[Int(id)] = nil
        released.append(id)
    }
}
