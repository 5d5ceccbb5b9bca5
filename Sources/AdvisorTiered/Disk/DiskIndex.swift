import AdvisorCache

/// What L3 holds, as the policy core sees it: keys interned to dense ids, and the core that
/// decides which to evict when the byte budget is reached.
///
/// Single-threaded; `DiskLevel` calls it inside its serialized database writes, so the index and
/// the table change together. An evicted key's id is forgotten at once (no ghost history on disk).
struct DiskIndex {
    private var policy: any CachePolicy
    private var ids: [String: ObjectID] = [:]
    private var keys: [String?] = []
    private var freeIDs: [ObjectID] = []
    /// The policy's virtual time: one tick per access or insert.
    private var now = 0

    init(policy: any CachePolicy) {
        self.policy = policy
    }

    var usedBytes: Int { policy.used }
    var residentCount: Int { policy.residentCount }

    /// Records a read hit of `key`.
    mutating func access(_ key: String) {
        guard let id = ids[key] else { return }
        now += 1
        _ = policy.access(id, now: now)
    }

    /// Admits `key` at `weight` bytes, replacing an older entry of the key.
    /// - Returns: whether it was admitted, and the keys evicted to make room (to delete from the table).
    mutating func insert(_ key: String, weight: Int) -> (admitted: Bool, evicted: [String]) {
        remove(key)
        let id = intern(key)
        now += 1
        var evictedIDs: [ObjectID] = []
        let admitted = policy.insert(id, weight: weight, now: now) { evictedIDs.append($0) }
        let evicted = evictedIDs.compactMap { id -> String? in
            let key = keys[Int(id)]
            release(id)
            return key
        }
        if !admitted { release(id) }
        return (admitted, evicted)
    }

    /// Drops `key`, if held.
    mutating func remove(_ key: String) {
        guard let id = ids[key] else { return }
        release(id)
    }

    /// The held keys that start with `prefix`.
    /// - Complexity: O(n) over the held keys.
    func keys(withPrefix prefix: String) -> [String] {
        ids.keys.filter { $0.hasPrefix(prefix) }
    }

    /// Drops every key.
    mutating func removeAll() {
        for id in ids.values { policy.forget(id) }
        ids.removeAll()
        keys.removeAll()
        freeIDs.removeAll()
    }

    private mutating func intern(_ key: String) -> ObjectID {
        if let id = freeIDs.popLast() {
            keys[Int(id)] = key
            ids[key] = id
            return id
        }
        let id = ObjectID(keys.count)
        keys.append(key)
        ids[key] = id
        return id
    }

    private mutating func release(_ id: ObjectID) {
        policy.forget(id)
        if let key = keys[Int(id)] { ids[key] = nil }
        keys[Int(id)] = nil
        freeIDs.append(id)
    }
}
