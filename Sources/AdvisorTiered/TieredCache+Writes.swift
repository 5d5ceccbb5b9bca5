extension TieredCache {
    /// Writes `value` for `key` as the write policy says, then replaces it in L2 and L3 and removes
    /// it from L1 (the next read fills L1 from L2), here and, through Redis, in every instance.
    ///
    /// - Cache-aside: only the caches change.
    /// - Write-through: the store is written first; if it throws, nothing changes and the error is thrown.
    /// - Write-behind: returns once the write is journaled durably; the store gets it later.
    /// - Throws: the store's error (write-through), the journal's error (write-behind), or the codec's.
    public func set(_ key: String, _ value: Value) async throws {
        let bytes = try lower.codec.encode(value)
        switch writePolicy {
        case .cacheAside:
            break
        case .writeThrough(let store):
            try await store([StoreWrite(key: key, value: value)])
        case .writeBehind:
            try await lower.writeBehind?.append(key, bytes)
        }
        await lower.storeInL2(key, bytes, onlyIfAbsent: false)
        await lower.storeInL3(key, bytes)
        l1.invalidate(key)
    }

    /// Removes `key` from every level of every instance: L2 (and a published invalidation for
    /// instances whose L1 holds a key L2 lacks), then L3, then L1. The store is not touched.
    public func invalidate(_ key: String) async {
        if let l2 = lower.l2 { _ = await l2.invalidate([key]) }
        try? await lower.l3?.remove([key])
        l1.invalidate(key)
    }

    /// Removes every key starting with `prefix` from every level of every instance.
    public func invalidate(prefix: String) async {
        if let l2 = lower.l2 { _ = await l2.invalidate(prefix: prefix) }
        try? await lower.l3?.remove(prefix: prefix)
        invalidateL1(prefix: prefix)
    }

    /// Waits until every write-behind write has reached the store (at once for the other policies).
    public func flush() async {
        await lower.writeBehind?.drain()
    }
}
