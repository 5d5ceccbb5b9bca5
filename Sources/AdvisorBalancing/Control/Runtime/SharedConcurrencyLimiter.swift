import Synchronization

/// A thread-safe adaptive concurrency limiter (AIMD, Gradient2 or any `LimitAlgorithm`) around the `ConcurrencyLimiter` core.
///
/// ```swift
/// let limiter = SharedConcurrencyLimiter(try Gradient2Limit(.init(initialLimit: 20, maximumLimit: 400)))
/// let reply = try await limiter.run { try await backend.call(request) }   // throws LimiterRejection when full
/// ```
public final class SharedConcurrencyLimiter<Algorithm: LimitAlgorithm>: Sendable {
    private let core: Mutex<ConcurrencyLimiter<Algorithm>>
    private let clock: RuntimeClock

    /// - Parameters:
    ///   - algorithm: how the limit moves.
    ///   - clock: the clock round-trip times are measured on.
    public init(_ algorithm: Algorithm, clock: some Clock<Duration> = ContinuousClock()) {
        core = Mutex(ConcurrencyLimiter(algorithm))
        self.clock = RuntimeClock(clock)
    }

    /// The current limit.
    public var limit: Int { core.withLock { $0.limit } }

    /// Requests in flight.
    public var inflight: Int { core.withLock { $0.inflight } }

    /// Admits a request now, or rejects it at once with the reason.
    public func acquire() -> LimiterDecision {
        core.withLock { $0.acquire(at: clock.now) }
    }

    /// Ends an admitted request; its round-trip time runs from `acquire` to now.
    public func release(_ permit: LimiterPermit, outcome: LimiterOutcome) {
        core.withLock { $0.release(permit, outcome: outcome, at: clock.now) }
    }

    /// Runs `operation` if admitted. A return is a success; a thrown error is a drop when `isDrop`
    /// says so (a timeout, an overload reply) and is otherwise not sampled; a cancellation is not sampled.
    /// - Throws: `LimiterRejection` when the request is not admitted, else what `operation` throws.
    public func run<T>(isDrop: (any Error) -> Bool = { _ in false }, _ operation: () async throws -> T) async throws -> T {
        let permit: LimiterPermit
        switch acquire() {
        case .admitted(let granted): permit = granted
        case .rejected(let rejection): throw rejection
        }
        do {
            let value = try await operation()
            release(permit, outcome: .success)
            return value
        } catch {
            release(permit, outcome: error is CancellationError || !isDrop(error) ? .ignored : .dropped)
            throw error
        }
    }
}
