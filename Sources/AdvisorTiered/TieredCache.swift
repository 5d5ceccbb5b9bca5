public import AdvisorCache
package import AdvisorBalancing
import AdvisorRedis
import AdvisorSupport
import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A cache of three levels in front of the application's store: L1 in process (`PredictiveCache`),
/// L2 a shared Redis, L3 a SQLite file on local disk; each optional but L1.
///
/// `get` reads L1, then L2, then L3, then the loader, and copies what it found into the levels
/// above; concurrent misses on a key share one trip down. Writes follow the `WritePolicy`, and
/// every write or invalidation removes the key from every level of every instance: L2 first,
/// then L3, then L1 (Netflix Rend's order, so a reader cannot put the old value back in L1 from
/// L2). Other instances hear of it through Redis (client tracking and a channel), and empty
/// their L1 whenever that connection is lost or comes back, since they may have missed messages.
/// No L2 or L3 failure reaches a caller: reads go on through the levels that work.
public final class TieredCache<Value: Codable & Sendable>: Sendable {
    @usableFromInline let l1: PredictiveCache<String, Stamped<Value>>
    let lower: LowerLevels<Value>
    let writePolicy: WritePolicy<Value>
    let namespace: String
    let pool: RedisPool?
    let listener: InvalidationListener?
    /// Orders L1 fills against prefix invalidations (see `Stamped`).
    let epochs: EpochCounter
    @usableFromInline let tombstones = PrefixTombstones()
    let flushes = Atomic<Int>(0)
    let invalidationConnected = Atomic<Bool>(false)

    /// Creates the cache and connects to L2 in the background (reads skip L2 until it is up).
    /// - Parameters:
    ///   - namespace: the prefix of every key in Redis; instances sharing it share L2 and invalidations.
    ///   - l1Capacity: the entries L1 (the in-process `PredictiveCache`) holds.
    ///   - l1Policy: L1's eviction policy.
    ///   - l1Expiry: L1's expiry: a fixed TTL, or the adaptive TTL model through `CacheExpiry.policy`.
    ///   - l2: the Redis level, or `nil`.
    ///   - l3: the disk level, or `nil`.
    ///   - writePolicy: when `set` writes the store.
    ///   - codec: how values are stored in L2, L3 and the journal.
    ///   - clock: the clock L1 expiry, latencies, backoffs and health checks run on.
    ///   - loader: reads a value from the store on a miss at every level.
    /// - Throws: `CacheConfigurationError` or `TieredConfigurationError` for a setting that
    ///   cannot work; GRDB's error when the L3 file or the journal cannot be opened.
    public init(
        namespace: String, l1Capacity: Int, l1Policy: sending CacheEviction = .baseline(.s3fifo),
        l1Expiry: sending CacheExpiry = .afterWrite(.seconds(60)), l2: RedisTier? = nil, l3: DiskTier? = nil,
        writePolicy: WritePolicy<Value> = .cacheAside,
        codec: any TieredCodec<Value> = JSONTieredCodec<Value>(), clock: some Clock<Duration> = ContinuousClock(),
        loader: @escaping @Sendable (String) async throws -> Value
    ) throws {
        let elapsed = ElapsedClock(clock)
        let group = MultiThreadedEventLoopGroup.singleton
        var redisLevel: RedisLevel?
        var redisPool: RedisPool?
        var invalidations: InvalidationListener?
        if let l2 {
            guard l2.connections >= 1 else { throw TieredConfigurationError("L2 needs at least 1 connection, got \(l2.connections)") }
            let address = RedisEndpoint(host: l2.host, port: l2.port, commandTimeout: l2.commandTimeout, connectTimeout: l2.commandTimeout)
            let pool = RedisPool(endpoint: address, size: l2.connections, group: group, clock: elapsed)
            let breaker =
                try l2.breaker
                ?? SharedCircuitBreaker(
                    slidingWindow: .count(20), minimumCalls: 5, failureRateThreshold: 0.5, slowCallDuration: l2.commandTimeout,
                    waitInOpen: .milliseconds(250), permittedCallsInHalfOpen: 2, clock: clock)
            let listener = InvalidationListener(
                endpoint: address, namespace: namespace, healthInterval: .milliseconds(500), group: group, clock: elapsed)
            redisLevel = RedisLevel(pool: pool, writer: listener, breaker: breaker, namespace: namespace, ttl: l2.ttl)
            redisPool = pool
            invalidations = listener
        }
        let disk = try l3.map { tier in
            try DiskLevel(path: tier.path, byteCapacity: tier.byteCapacity, policy: tier.policy, wallClock: Self.wallMilliseconds)
        }
        let queue: WriteBehindQueue<Value>?
        if case .writeBehind(let settings, let store) = writePolicy {
            try settings.validate()
            queue = try WriteBehindQueue(settings: settings, store: store, decode: { try codec.decode($0) }, clock: elapsed)
        } else {
            queue = nil
        }
        if let queue, !queue.replayedKeys.isEmpty {
            try disk?.removeNow(queue.replayedKeys)
            redisLevel?.scheduleRepair(queue.replayedKeys)
        }
        let lower = LowerLevels(l2: redisLevel, l3: disk, l3TTL: l3?.ttl, writeBehind: queue, codec: codec, clock: elapsed, loader: loader)
        let epochs = EpochCounter()
        self.epochs = epochs
        self.lower = lower
        self.l1 = try PredictiveCache(capacity: .objects(l1Capacity), policy: l1Policy, expiry: l1Expiry, clock: clock) { key in
            let epoch = epochs.next()
            return Stamped(value: try await lower.fetch(key), epoch: epoch)
        }
        self.writePolicy = writePolicy
        self.namespace = namespace
        self.pool = redisPool
        self.listener = invalidations
        invalidations?.start { [weak self] event in self?.handle(event) }
    }

    /// Stops the Redis connections and the write-behind writer; writes not yet stored stay in
    /// the journal for the next start. Call `flush()` first to wait for them.
    public func shutdown() {
        listener?.shutdown()
        pool?.shutdown()
        lower.writeBehind?.shutdown()
    }

    deinit { shutdown() }

    /// The value for `key`, from the first level that has it, else from the loader.
    /// - Throws: the loader's error, or `CancellationError`; never an L2 or L3 failure.
    ///
    /// Inlinable and on the caller's executor (`nonisolated(nonsending)`), as `PredictiveCache.get`: an L1 hit is
    /// specialised in the application's build and never hops.
    @inlinable @inline(__always)
    nonisolated(nonsending) public func get(_ key: String) async throws -> Value {
        while true {
            let entry = try await l1.get(key)
            if tombstones.isEmpty || !tombstones.covers(key, stampedAt: entry.epoch) { return entry.value }
            l1.invalidate(key)
        }
    }

    /// The values of `keys` that any level or the loader has, without promoting anything: a scan
    /// or batch read does not push the working set out of L1 (Rend's rule), and loads are not cached.
    /// - Throws: the loader's error.
    public func getMany(_ keys: [String]) async throws -> [String: Value] {
        var found: [String: Value] = [:]
        var rest: [String] = []
        for key in keys {
            if let entry = l1.peek(key), tombstones.isEmpty || !tombstones.covers(key, stampedAt: entry.epoch) {
                found[key] = entry.value
            } else {
                rest.append(key)
            }
        }
        if let l2 = lower.l2, !rest.isEmpty, let values = await l2.getMany(rest) {
            var missing: [String] = []
            for (key, bytes) in zip(rest, values) {
                if let bytes, let value = try? lower.codec.decode(bytes) { found[key] = value } else { missing.append(key) }
            }
            rest = missing
        }
        for key in rest { found[key] = try await lower.fetch(key, promote: false) }
        return found
    }

    /// Every level's counters.
    public func statistics() -> TieredStatistics {
        let counters = lower.counters.withLock { $0 }
        return TieredStatistics(
            l1: l1.snapshot(), l2: counters.l2, l3: counters.l3, pendingHits: counters.pendingHits, loads: counters.loads,
            loadFailures: counters.loadFailures, l1Flushes: flushes.load(ordering: .relaxed),
            writes: lower.writeBehind?.statistics ?? WriteStatistics())
    }

    /// Whether the invalidation connection is up (cross-instance invalidations arrive).
    package var isInvalidationConnected: Bool { invalidationConnected.load(ordering: .relaxed) }

    /// Open L2 connections.
    package var openL2Connections: Int { pool?.openConnections ?? 0 }

    /// Whether the cache has an L2 (Redis) level.
    package var hasL2: Bool { pool != nil }

    /// The breaker L2's reads and writes go through, when there is an L2.
    package var l2Breaker: SharedCircuitBreaker? { lower.l2?.breaker }

    @Sendable static func wallMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}

/// An L1 value with the epoch its fetch started at: a prefix invalidation at a later epoch covers it.
@usableFromInline
struct Stamped<Value: Sendable>: Sendable {
    @usableFromInline let value: Value
    @usableFromInline let epoch: UInt64

    init(value: Value, epoch: UInt64) { (self.value, self.epoch) = (value, epoch) }
}
