public import Synchronization

/// A thread-safe load balancer for an application's own backends, around one policy core.
///
/// The same single-threaded core the balancing replay measures (DESIGN.md: one policy core), behind a
/// `Mutex`: `pick()` chooses a backend and counts the request as started, `complete(_:failed:)`
/// reports how it went (the latency is measured with the injected clock), and backends can be added
/// and removed while requests are in flight. Completions of requests to a removed backend are
/// ignored, even if a new backend has reused its slot.
///
/// ```swift
/// let balancer = try Balancer(backends: ["10.0.0.1", "10.0.0.2"], policy: .init(name: .p2c), clock: ContinuousClock(), seed: 42)
/// if let ticket = balancer.pick() {
///     let ok = await send(to: ticket.backend)
///     balancer.complete(ticket, failed: !ok)
/// }
/// ```
public final class Balancer<Backend: Hashable & Sendable, C: Clock>: Sendable where C.Duration == Duration {
    /// One request's claim on a backend: hand it back to `complete`.
    public struct Ticket: Sendable {
        /// Where to send the request.
        public let backend: Backend
        /// Backends the policy wants probed (Prequal); answer with `receive(_:from:)`. Usually empty.
        public let probes: [Backend]
        @usableFromInline let index: Int
        @usableFromInline let generation: UInt64
        @usableFromInline let sentAt: Double

        @usableFromInline
        init(backend: Backend, probes: [Backend], index: Int, generation: UInt64, sentAt: Double) {
            self.backend = backend
            self.probes = probes
            self.index = index
            self.generation = generation
            self.sentAt = sentAt
        }
    }

    // The hot paths (`pick`, `complete`) are inlinable so that they are specialised for the caller's
    // backend and clock types: unspecialised, each call looked up generic metadata at run time.
    @usableFromInline
    struct State: Sendable {
        @usableFromInline var policy: any BalancerPolicy
        @usableFromInline var indices: [Backend: Int] = [:]
        /// By index: the backend there now and its generation (bumped when the slot is reused).
        @usableFromInline var backends: [Backend?] = []
        @usableFromInline var generations: [UInt64] = []
        var nextGeneration: UInt64 = 1

        init(policy: any BalancerPolicy) {
            self.policy = policy
        }
    }

    @usableFromInline let state: Mutex<State>
    @usableFromInline let clock: C
    @usableFromInline let origin: C.Instant

    /// Creates a balancer.
    /// - Parameters:
    ///   - backends: the initial pool.
    ///   - policy: which policy, with its model when it is `predicted` (for example
    ///     `LatencyModel.load(path: "Models/latency-mean.json")`).
    ///   - clock: the clock latencies are measured with (a manual clock in tests).
    ///   - seed: seed of the policy's random choices.
    ///   - metricNames: server metrics the application will `report` per backend; default: those the model reads.
    ///   - outliers: outlier ejection settings.
    /// - Throws: `LearningError` when the policy needs a model that is missing or does not read these features.
    public init(
        backends: [Backend] = [], policy: PolicyConfiguration, clock: C, seed: UInt64, metricNames: [String]? = nil,
        outliers: OutlierSettings = OutlierSettings()
    ) throws {
        let metrics = metricNames ?? policy.model?.metricNames ?? []
        let pool = BackendPool(features: BackendFeatureTracker(metricNames: metrics), outliers: outliers, seed: seed)
        var initial = State(policy: try policy.makePolicy(pool: pool))
        for backend in backends { Self.add(backend, to: &initial) }
        self.state = Mutex(initial)
        self.clock = clock
        self.origin = clock.now
    }

    /// Seconds since the balancer was created, on its clock.
    @inlinable
    var now: Double {
        let elapsed = origin.duration(to: clock.now).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
    }

    /// Chooses a backend for a request about to be sent and counts it as in flight.
    /// - Returns: nil when the pool is empty.
    @inlinable
    public func pick() -> Ticket? {
        let time = now
        return state.withLock { state -> Ticket? in
            guard let index = state.policy.pick(at: time), let backend = state.backends[index] else { return nil }
            state.policy.started(index, at: time)
            var probes: [Backend] = []
            while let probed = state.policy.nextProbe(at: time) {
                if let target = state.backends[probed] { probes.append(target) }
            }
            return Ticket(backend: backend, probes: probes, index: index, generation: state.generations[index], sentAt: time)
        }
    }

    /// Chooses a backend for the backup of a request already sent to `primary` (hedging), and counts it as in
    /// flight: the policy's choice with `primary` set aside (the lowest predicted latency, for `predicted`).
    /// - Returns: nil when the pool is empty or `primary` is the only backend.
    public func pick(avoiding primary: Ticket) -> Ticket? {
        let time = now
        return state.withLock { state -> Ticket? in
            let avoided = Self.isCurrent(primary, in: state) ? primary.index : -1
            let choice = avoided >= 0 ? state.policy.pick(at: time, avoiding: avoided) : state.policy.pick(at: time)
            guard let index = choice, index != avoided, let backend = state.backends[index] else { return nil }
            state.policy.started(index, at: time)
            return Ticket(backend: backend, probes: [], index: index, generation: state.generations[index], sentAt: time)
        }
    }

    /// Reports the outcome of a picked request: its latency is the time since `pick`.
    /// - Parameter failed: whether it failed (an error or a timeout), for error rates and outlier ejection.
    @inlinable
    public func complete(_ ticket: Ticket, failed: Bool = false) {
        let time = now
        state.withLock { state in
            guard Self.isCurrent(ticket, in: state) else { return }
            state.policy.completed(ticket.index, latency: max(0, time - ticket.sentAt) * 1000, failed: failed, at: time)
        }
    }

    /// Adds a backend to the pool (nothing happens if it is already in).
    public func add(_ backend: Backend) {
        state.withLock { Self.add(backend, to: &$0) }
    }

    /// Removes a backend; requests in flight to it may still complete and are then ignored.
    public func remove(_ backend: Backend) {
        state.withLock { state in
            guard let index = state.indices.removeValue(forKey: backend) else { return }
            state.backends[index] = nil
            state.policy.removeBackend(index)
        }
    }

    /// The backends in the pool, in no particular order.
    public var backends: [Backend] {
        state.withLock { Array($0.indices.keys) }
    }

    /// A load report from `backend` (ORCA-style utilization and rates), for weighted round robin.
    public func receive(_ report: LoadReport, from backend: Backend) {
        let time = now
        state.withLock { state in
            guard let index = state.indices[backend] else { return }
            state.policy.didReceive(report, from: index, at: time)
        }
    }

    /// The answer to a probe the policy asked for in a ticket (Prequal).
    public func receive(_ answer: ProbeAnswer, from backend: Backend) {
        let time = now
        state.withLock { state in
            guard let index = state.indices[backend] else { return }
            state.policy.didReceive(answer, from: index, at: time)
        }
    }

    /// Server metrics `backend` reported, in the order of `metricNames` given at creation (the model's features).
    public func report(metrics: [Double], from backend: Backend) {
        state.withLock { state in
            guard let index = state.indices[backend] else { return }
            state.policy.report(index, metrics: metrics)
        }
    }

    /// Requests in flight to `backend` as the balancer counts them (for tests and dashboards).
    public func inflight(_ backend: Backend) -> Int {
        state.withLock { state in state.indices[backend].map { state.policy.pool.features.inflight($0) } ?? 0 }
    }

    private static func add(_ backend: Backend, to state: inout State) {
        guard state.indices[backend] == nil else { return }
        let index = state.policy.addBackend()
        if index == state.backends.count {
            state.backends.append(nil)
            state.generations.append(0)
        }
        state.backends[index] = backend
        state.generations[index] = state.nextGeneration
        state.nextGeneration += 1
        state.indices[backend] = index
    }

    @usableFromInline
    static func isCurrent(_ ticket: Ticket, in state: State) -> Bool {
        ticket.index < state.generations.count && state.generations[ticket.index] == ticket.generation
    }
}
