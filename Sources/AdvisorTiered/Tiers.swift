public import AdvisorBalancing
public import AdvisorCache

/// L2: a Redis server shared by every instance.
public struct RedisTier: Sendable {
    public var host: String
    public var port: Int
    /// How long Redis keeps a value (`PX`); `nil` keeps it until Redis evicts it.
    public var ttl: Duration?
    /// Connections in the pool.
    public var connections: Int
    /// How long a command waits before its connection is treated as dead.
    public var commandTimeout: Duration
    /// The breaker that stops reads waiting on a Redis that fails; by default it opens after half of
    /// 20 calls fail and tries again after 250 ms.
    public var breaker: SharedCircuitBreaker?

    public init(
        host: String, port: Int, ttl: Duration? = .seconds(300), connections: Int = 4, commandTimeout: Duration = .milliseconds(250),
        breaker: SharedCircuitBreaker? = nil
    ) {
        self.host = host
        self.port = port
        self.ttl = ttl
        self.connections = connections
        self.commandTimeout = commandTimeout
        self.breaker = breaker
    }
}

/// L3: a SQLite file on local disk.
public struct DiskTier: Sendable {
    public var path: String
    /// The budget for keys and values, in bytes.
    public var byteCapacity: Int
    /// How long a value stays on disk; `nil` keeps it until evicted.
    public var ttl: Duration?
    public var policy: BaselinePolicy

    public init(path: String, byteCapacity: Int, ttl: Duration? = .seconds(3600), policy: BaselinePolicy = .s3fifo) {
        self.path = path
        self.byteCapacity = byteCapacity
        self.ttl = ttl
        self.policy = policy
    }
}

/// Every level's counters, read together. They add up: each L1 load is a `pendingHits` (a
/// write-behind write not yet in the store) or one `l2.lookups`; each L2 miss or error is one
/// `l3.lookups`; each L3 miss or error is one `loads`.
public struct TieredStatistics: Sendable, Equatable {
    public internal(set) var l1: CacheStatistics
    public internal(set) var l2: LevelStatistics
    public internal(set) var l3: LevelStatistics
    /// Reads answered from a write-behind write not yet in the store.
    public internal(set) var pendingHits: Int
    /// Calls of the application's loader, and how many threw.
    public internal(set) var loads: Int
    public internal(set) var loadFailures: Int
    /// Times L1 was emptied because the invalidation connection was lost or came back.
    public internal(set) var l1Flushes: Int
    public internal(set) var writes: WriteStatistics
}
