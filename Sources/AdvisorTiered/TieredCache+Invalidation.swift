import AdvisorRedis

extension TieredCache {
    /// Applies what the invalidation connection reports.
    ///
    /// A lost connection empties L1 at once, and a restored one empties it again (messages sent in
    /// between are gone) and removes from L2 what this instance failed to write or remove there.
    /// Invalidated keys are removed from L3 too, since another instance changed them.
    func handle(_ event: InvalidationEvent) {
        switch event {
        case .lost:
            invalidationConnected.store(false, ordering: .relaxed)
            flushL1()
        case .connected:
            invalidationConnected.store(true, ordering: .relaxed)
            flushL1()
            if let l2 = lower.l2 { Task { await l2.repair() } }
        case .keys(let redisKeys):
            let keys = redisKeys.compactMap(appKey)
            for key in keys { l1.invalidate(key) }
            if let l3 = lower.l3, !keys.isEmpty { Task { try? await l3.remove(keys) } }
        case .prefix(let redisPrefix):
            guard let prefix = appKey(redisPrefix) else { return }
            invalidateL1(prefix: prefix)
            if let l3 = lower.l3 { Task { try? await l3.remove(prefix: prefix) } }
        case .everything:
            flushL1()
            if let l3 = lower.l3 { Task { try? await l3.removeAll() } }
        }
    }

    /// Marks L1 entries under `prefix` stale, or empties L1 when too many prefixes are marked.
    func invalidateL1(prefix: String) {
        if !tombstones.add(prefix, epoch: epochs.next()) { flushL1() }
    }

    func flushL1() {
        l1.removeAll()
        tombstones.removeAll()
        flushes.add(1, ordering: .relaxed)
    }

    /// The cache's key for a Redis key, `nil` when it is outside the namespace.
    private func appKey(_ redisKey: String) -> String? {
        redisKey.hasPrefix(namespace) ? String(redisKey.dropFirst(namespace.count)) : nil
    }
}
