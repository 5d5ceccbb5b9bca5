/// One write the store receives: the latest value of a key.
public struct StoreWrite<Value: Sendable>: Sendable {
    public let key: String
    public let value: Value
}

/// When a `TieredCache.set` reaches the application's store.
public enum WritePolicy<Value: Sendable>: Sendable {
    /// The application writes its store itself and calls `set` or `invalidate` after; the cache
    /// never writes the store. The default.
    case cacheAside
    /// `set` writes the store first; if the store throws, the caches are unchanged and the error
    /// reaches the caller.
    case writeThrough(store: @Sendable ([StoreWrite<Value>]) async throws -> Void)
    /// `set` returns once the write is in a durable journal; the store receives the writes later,
    /// coalesced per key and batched, retried until it takes them. See `WriteBehindSettings`.
    case writeBehind(WriteBehindSettings, store: @Sendable ([StoreWrite<Value>]) async throws -> Void)
}

/// How write-behind queues, batches and retries.
///
/// A `set` is acknowledged only after its write is committed to the journal (SQLite, WAL,
/// `synchronous=FULL`); the journal is replayed when the cache is created again with the same
/// path, so a process killed at any moment loses no acknowledged write. A failed batch is neither
/// dropped (Caffeine's example) nor re-queued behind newer work (Hazelcast): its keys go back to
/// the front, their journal rows stay, and the batch is retried with exponential backoff.
public struct WriteBehindSettings: Sendable {
    /// The journal's SQLite file.
    public var journalPath: String
    /// Most keys written to the store in one call.
    public var batchSize: Int
    /// Most distinct keys waiting for the store; a `set` of a new key waits (back-pressure) beyond it.
    public var maxPending: Int
    /// How long the writer waits after work arrives before taking a batch, so bursts coalesce.
    public var batchDelay: Duration
    /// The first wait after a failed batch; it doubles per failure up to `maximumRetryDelay`.
    public var initialRetryDelay: Duration
    public var maximumRetryDelay: Duration

    public init(
        journalPath: String, batchSize: Int = 128, maxPending: Int = 10_000, batchDelay: Duration = .milliseconds(2),
        initialRetryDelay: Duration = .milliseconds(10), maximumRetryDelay: Duration = .seconds(1)
    ) {
        self.journalPath = journalPath
        self.batchSize = batchSize
        self.maxPending = maxPending
        self.batchDelay = batchDelay
        self.initialRetryDelay = initialRetryDelay
        self.maximumRetryDelay = maximumRetryDelay
    }

    func validate() throws(TieredConfigurationError) {
        guard batchSize >= 1 else { throw TieredConfigurationError("write-behind batchSize must be at least 1, got \(batchSize)") }
        guard maxPending >= 1 else { throw TieredConfigurationError("write-behind maxPending must be at least 1, got \(maxPending)") }
        guard batchDelay >= .zero, initialRetryDelay > .zero, maximumRetryDelay >= initialRetryDelay else {
            throw TieredConfigurationError("write-behind delays must be non-negative, and maximumRetryDelay at least initialRetryDelay")
        }
    }
}

/// The write-behind queue's counters.
public struct WriteStatistics: Sendable, Equatable {
    /// Writes acknowledged (journaled) by `set`.
    public internal(set) var acknowledged = 0
    /// Journal entries found at start and queued again.
    public internal(set) var replayed = 0
    /// Writes replaced by a newer write of the same key before reaching the store.
    public internal(set) var coalesced = 0
    /// Batches the store took, and the keys in them.
    public internal(set) var batches = 0
    public internal(set) var storedKeys = 0
    /// Batches the store refused; each was retried.
    public internal(set) var failedBatches = 0
    /// Times a `set` waited for room in the queue.
    public internal(set) var backPressureWaits = 0
    /// Journal entries the codec could not decode (left in the journal, not sent to the store).
    public internal(set) var undecodable = 0
    /// Keys waiting for the store now, and the most there ever were (at most `maxPending`).
    public internal(set) var pending = 0
    public internal(set) var peakPending = 0
}
