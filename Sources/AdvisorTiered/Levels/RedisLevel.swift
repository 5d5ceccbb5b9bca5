import AdvisorBalancing
import AdvisorRedis
import AdvisorSupport
import NIOCore
import Synchronization

/// L2: the shared Redis, behind the project's circuit breaker, never throwing to the reader.
///
/// Every call goes through `SharedCircuitBreaker`: once Redis fails or times out often enough the
/// breaker opens and calls are skipped at once (counted as errors) instead of each waiting out a
/// timeout; trial calls close it again when Redis is back. Keys whose L2 write or removal failed
/// are remembered and removed when the invalidation connection is back, so L2 never keeps a value
/// older than a write it missed; past `repairLimit` keys the whole namespace is removed instead.
final class RedisLevel: Sendable {
    let pool: RedisPool
    /// Carries this process's writes, so that tracking (`NOLOOP`) reports them to the others only.
    let writer: InvalidationListener
    let breaker: SharedCircuitBreaker
    let namespace: String
    let ttl: Duration?
    private let repairs = Mutex(Repairs())
    static let repairLimit = 10_000

    private struct Repairs {
        var keys: Set<String> = []
        var overflowed = false
    }

    init(pool: RedisPool, writer: InvalidationListener, breaker: SharedCircuitBreaker, namespace: String, ttl: Duration?) {
        self.pool = pool
        self.writer = writer
        self.breaker = breaker
        self.namespace = namespace
        self.ttl = ttl
    }

    /// The key as stored in Redis: under the namespace the invalidation connection tracks.
    func redisKey(_ key: String) -> String { namespace + key }

    /// Runs a read through the breaker on the pool; `nil` when skipped or failed.
    private func call(_ command: RESPCommand) async -> RESPValue? {
        try? await breaker.execute { try await pool.send(command) }
    }

    /// Runs a write through the breaker on the invalidation connection; `nil` when skipped or failed.
    private func write(_ command: RESPCommand) async -> RESPValue? {
        try? await breaker.execute { try await writer.send(command) }
    }

    /// The bytes for `key`: `.some(nil)` on a miss, `nil` when L2 could not answer.
    func get(_ key: String) async -> [UInt8]?? {
        guard let reply = await call(.get(redisKey(key))) else { return nil }
        if case .null = reply { return .some(nil) }
        return reply.bytes.map { .some($0) } ?? nil
    }

    /// The bytes for each of `keys`, `nil` per key missing; `nil` when L2 could not answer.
    func getMany(_ keys: [String]) async -> [[UInt8]?]? {
        guard !keys.isEmpty else { return [] }
        guard let reply = await call(.mget(keys.map(redisKey))), let values = reply.elements, values.count == keys.count else {
            return nil
        }
        return values.map(\.bytes)
    }

    /// Stores `bytes`; `onlyIfAbsent` for fills, so a slow load cannot overwrite a newer write.
    /// - Returns: whether Redis took the write.
    @discardableResult
    func set(_ key: String, _ bytes: [UInt8], onlyIfAbsent: Bool) async -> Bool {
        let ok = await write(.set(redisKey(key), bytes, expiresAfter: ttl, onlyIfAbsent: onlyIfAbsent)) != nil
        if !ok && !onlyIfAbsent { remember([key]) }
        return ok
    }

    /// Removes `keys` and tells every other process, which also covers keys Redis does not hold.
    func invalidate(_ keys: [String]) async -> Bool {
        guard !keys.isEmpty else { return true }
        let removed = await write(.unlink(keys.map(redisKey))) != nil
        var published = true
        for key in keys {
            let message = InvalidationListener.message(key: redisKey(key))
            published = await write(.publish(InvalidationListener.channel(namespace: namespace), message)) != nil && published
        }
        if !(removed && published) { remember(keys) }
        return removed && published
    }

    /// Removes every key under `prefix` (a `SCAN` over the keyspace) and tells every other process.
    func invalidate(prefix: String) async -> Bool {
        let published = await write(
            .publish(InvalidationListener.channel(namespace: namespace), InvalidationListener.message(prefix: redisKey(prefix))))
        var cursor = "0"
        repeat {
            guard let reply = await call(.scan(cursor: cursor, match: globPattern(prefix: redisKey(prefix)), count: 500)),
                let parts = reply.elements, parts.count == 2, let next = parts[0].string, let keys = parts[1].elements
            else {
                remember(prefixOverflow: ())
                return false
            }
            let names = keys.compactMap(\.string)
            if !names.isEmpty, await write(.unlink(names)) == nil {
                remember(prefixOverflow: ())
                return false
            }
            cursor = next
        } while cursor != "0"
        return published != nil
    }

    /// Removes what L2 may hold stale (keys whose write or removal failed); called when the
    /// invalidation connection is back.
    func repair() async {
        let (keys, overflowed) = repairs.withLock { repairs in
            defer { repairs = Repairs() }
            return (Array(repairs.keys), repairs.overflowed)
        }
        if overflowed {
            _ = await invalidate(prefix: "")
        } else {
            for start in stride(from: 0, to: keys.count, by: 256) {
                _ = await invalidate(Array(keys[start..<min(keys.count, start + 256)]))
            }
        }
    }

    /// Removes `keys` from L2 once the invalidation connection is up.
    func scheduleRepair(_ keys: [String]) { remember(keys) }

    private func remember(_ keys: [String]) {
        repairs.withLock { repairs in
            guard !repairs.overflowed else { return }
            repairs.keys.formUnion(keys)
            if repairs.keys.count > Self.repairLimit {
                repairs.keys = []
                repairs.overflowed = true
            }
        }
    }

    private func remember(prefixOverflow: Void) {
        repairs.withLock { repairs in
            repairs.keys = []
            repairs.overflowed = true
        }
    }
}
