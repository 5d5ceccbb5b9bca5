import Synchronization

/// Thread-safe hedged (backup) requests: send to a second backend when the first has not answered by
/// a high quantile of its latency, within a budget on extra load.
///
/// Wraps a `HedgePlanner` core behind one lock, with the delay either one for all requests (the p95 of
/// recorded latencies, `init(delay:configuration:clock:)`) or predicted per request by a
/// `LatencyPredictor` whose model predicts the configured quantile (`latency-p95.json`). Both are
/// corrected online to the quantile's share of late primaries. The balancing replay's `stalls`
/// scenario measured one delay for all, with the backup sent where the latency model predicts the
/// lowest latency (a predicted `Balancer`'s `pick(avoiding:)`), better for p99.9 than a per-request
/// delay: a stall cannot be predicted when the request is sent. `execute` does the whole dance;
/// `plan`, `answeredBeforeDelay` and `delayElapsed` expose the steps for callers with their own
/// scheduling.
///
/// ```swift
/// let hedging = try SharedHedgePlanner(delay: .milliseconds(2.1), configuration: .init(maximumExtraLoad: 0.05))
/// let value = try await hedging.execute(primary: 0, backup: 3) { backend in try await client.get(key, from: backend) }
/// ```
public final class SharedHedgePlanner: Sendable {
    /// A planned primary request.
    public struct Ticket: Sendable, Equatable {
        public let backend: Int
        /// How long to wait for the primary before a backup.
        public let delay: Duration
        let sentAt: Double
    }

    private struct State: Sendable {
        /// Per-request delays; nil for one delay for all.
        var predictor: LatencyPredictor?
        /// The delay (ms) when there is no predictor.
        var typicalDelay: Double
        var planner: HedgePlanner
    }

    private let state: Mutex<State>
    private let clock: RuntimeClock

    /// Hedging with a delay predicted per request.
    /// - Throws: `ControlConfigurationError` for an invalid configuration.
    public init(
        predictor: LatencyPredictor, configuration: HedgePlanner.Configuration, clock: some Clock<Duration> = ContinuousClock()
    ) throws(ControlConfigurationError) {
        state = Mutex(State(predictor: predictor, typicalDelay: .infinity, planner: try HedgePlanner(configuration)))
        self.clock = RuntimeClock(clock)
    }

    /// Hedging with one delay for all requests, for example the p95 of recorded latencies, corrected online.
    /// - Throws: `ControlConfigurationError` for a delay that is not positive or an invalid configuration.
    public init(delay: Duration, configuration: HedgePlanner.Configuration, clock: some Clock<Duration> = ContinuousClock()) throws(ControlConfigurationError) {
        try ControlConfigurationError.require(delay > .zero, "delay", "must be positive")
        state = Mutex(State(predictor: nil, typicalDelay: delay.milliseconds, planner: try HedgePlanner(configuration)))
        self.clock = RuntimeClock(clock)
    }

    /// Plans a primary request to `backend` sent now and notes it as in flight.
    public func plan(backend: Int, metrics: [Double] = []) -> Ticket {
        state.withLock { state in
            let now = clock.now
            let predicted = state.predictor?.predict(backend: backend, metrics: metrics, at: now) ?? state.typicalDelay
            let delay = state.planner.delay(predicted: predicted, at: now)
            state.predictor?.started(backend: backend, at: now)
            return Ticket(backend: backend, delay: .milliseconds(exactly: delay), sentAt: now)
        }
    }

    /// The primary answered before its delay.
    public func answeredBeforeDelay(_ ticket: Ticket) {
        state.withLock { $0.planner.answeredBeforeDelay() }
    }

    /// The primary's delay has elapsed without an answer: whether to send a backup now.
    public func delayElapsed(_ ticket: Ticket) -> HedgePlanner.Decision {
        state.withLock { $0.planner.delayElapsed(at: clock.now) }
    }

    /// Notes a request (primary or backup) to `backend` sent now.
    public func started(backend: Int) {
        state.withLock { $0.predictor?.started(backend: backend, at: clock.now) }
    }

    /// Notes that a request to `backend`, sent at `sentAt` (from a ticket or `started`), ended now.
    /// A cancelled loser is reported with the time it had run, a lower bound of its latency.
    func finished(backend: Int, sentAt: Double, failed: Bool) {
        state.withLock { state in
            let now = clock.now
            state.predictor?.completed(backend: backend, latency: (now - sentAt) * 1000, failed: failed, at: now)
        }
    }

    /// Backups sent and refused by the budget so far.
    public var backups: (sent: Int, refused: Int) {
        state.withLock { ($0.planner.backupsSent, $0.planner.backupsRefused) }
    }

    private enum Event<T: Sendable>: Sendable {
        case answer(backend: Int, sentAt: Double, result: Result<T, any Error>)
        case delayElapsed
        case delayCancelled
    }

    /// Sends `operation` to `primary`; if it has not answered by its planned delay and the budget
    /// allows, also to `backup`; returns the first success and cancels the other request.
    ///
    /// An error from the only request in flight is thrown at once (failures are for a retry budget,
    /// not for hedging); with two in flight, an error waits for the other answer. The cancelled
    /// loser is reported to the feature tracker with the time it had run, a lower bound of its latency.
    /// - Throws: the error of the last request to fail (`CancellationError` when the caller was cancelled).
    public func execute<T: Sendable>(
        primary: Int, backup: Int, metrics: [Double] = [], _ operation: @escaping @Sendable (Int) async throws -> T
    ) async throws -> T {
        let ticket = plan(backend: primary, metrics: metrics)
        let clock = self.clock
        let answer = await withTaskGroup(of: Event<T>.self) { group -> Result<T, any Error> in
            group.addTask { .answer(backend: primary, sentAt: ticket.sentAt, result: await Result { try await operation(primary) }) }
            group.addTask {
                do {
                    try await clock.sleep(for: ticket.delay)
                    return .delayElapsed
                } catch {
                    return .delayCancelled
                }
            }
            var running = 1
            var delayDecided = false
            var answer: Result<T, any Error>?
            while let event = await group.next() {
                switch event {
                case .delayCancelled:
                    continue
                case .delayElapsed:
                    guard answer == nil, !delayDecided else { continue }
                    delayDecided = true
                    guard delayElapsed(ticket) == .sendBackup else { continue }
                    let sentAt = clock.now
                    started(backend: backup)
                    running += 1
                    group.addTask { .answer(backend: backup, sentAt: sentAt, result: await Result { try await operation(backup) }) }
                case .answer(let backend, let sentAt, let result):
                    if !delayDecided {
                        delayDecided = true
                        answeredBeforeDelay(ticket)
                    }
                    running -= 1
                    var failed = false
                    if case .failure(let error) = result { failed = !(error is CancellationError) }
                    finished(backend: backend, sentAt: sentAt, failed: failed)
                    guard answer == nil else { continue }  // a cancelled loser, drained after the winner
                    if case .success = result {
                        answer = result
                    } else if running == 0 {
                        answer = result
                    }
                    if answer != nil { group.cancelAll() }
                }
            }
            return answer ?? .failure(CancellationError())
        }
        return try answer.get()
    }
}

extension Result where Failure == any Error {
    /// Captures the outcome of an async throwing body.
    fileprivate init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
