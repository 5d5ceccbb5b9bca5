public import AdvisorSupport
public import Synchronization

/// A thread-safe load balancer over a `BackendSet`, around one policy core.
///
/// The same single-threaded core the balancing replay measures (DESIGN.md: one policy core), behind the
/// set's lock: `pick()` chooses a backend and counts the request as started, and the set's
/// `complete(_:outcome:)` reports how it went (the latency is measured on the set's clock). The
/// model-driven controls attached to the same set see the balancer's requests and features.
///
/// ```swift
/// let backends = BackendSet(["10.0.0.1", "10.0.0.2"])
/// let balancer = try Balancer(backends: backends, policy: .p2c)
/// if let ticket = balancer.pick() {
///     backends.complete(ticket, outcome: .succeeded)
/// }
/// ```
public final class Balancer<Backend: Hashable & Sendable>: Sendable {
    @usableFromInline let set: BackendSet<Backend>

    /// The backend set the balancer chooses from (for a metrics exporter).
    package var backendSet: BackendSet<Backend> { self.set }

    /// Creates a balancer that chooses among `backends` by `policy`.
    /// - Throws: `ControlConfigurationError` when the set already has a balancer, or (setting `model`) when a predicted
    ///   policy's model reads server metrics other than those the set was declared with.
    public init(backends: BackendSet<Backend>, policy: BalancingPolicy) throws(ControlConfigurationError) {
        set = backends
        let metrics = backends.metricNames
        try backends.state.withVisibleLock { state throws(ControlConfigurationError) in
            try ControlConfigurationError.require(!state.hasBalancer, "backends", "the backend set already has a balancer")
            state.policy = try policy.makeCore(pool: state.policy.pool, declaredMetrics: metrics)
            state.hasBalancer = true
        }
    }

    /// Chooses a backend for a request about to be sent and counts it as in flight.
    /// - Returns: its ticket (complete it with the set's `complete(_:outcome:)`), or nil when the set is empty.
    @inlinable
    public func pick() -> BackendSet<Backend>.Ticket? {
        let time = set.clock.seconds
        return set.state.withVisibleLock { state -> BackendSet<Backend>.Ticket? in
            guard let index = state.policy.pick(at: time) else { return nil }
            var probes: [Backend] = []
            while let probed = state.policy.nextProbe(at: time) {
                if let target = state.backends[probed] { probes.append(target) }
            }
            return state.start(index, at: time, probes: probes)
        }
    }

    /// Chooses a backend for the backup of a request already sent to `primary` (hedging), and counts it as in flight:
    /// the policy's choice with `primary` set aside (the lowest predicted latency, for `predicted`).
    /// - Returns: nil when the set is empty or `primary`'s backend is the only one.
    public func pick(avoiding primary: BackendSet<Backend>.Ticket) -> BackendSet<Backend>.Ticket? {
        let time = set.clock.seconds
        return set.state.withVisibleLock { state -> BackendSet<Backend>.Ticket? in
            let avoided = state.isCurrent(primary.id) ? primary.id.index : -1
            let choice = avoided >= 0 ? state.policy.pick(at: time, avoiding: avoided) : state.policy.pick(at: time)
            guard let index = choice, index != avoided else { return nil }
            return state.start(index, at: time, probes: [])
        }
    }

    /// A load report from `backend` (ORCA-style utilization and rates), for weighted round robin.
    public func receive(_ report: LoadReport, from backend: Backend) {
        let time = set.clock.seconds
        set.state.withVisibleLock { state in
            guard let index = state.indices[backend] else { return }
            state.policy.didReceive(report, from: index, at: time)
        }
    }

    /// The answer to a probe the policy asked for in a ticket (Prequal).
    public func receive(_ answer: ProbeAnswer, from backend: Backend) {
        let time = set.clock.seconds
        set.state.withVisibleLock { state in
            guard let index = state.indices[backend] else { return }
            state.policy.didReceive(answer, from: index, at: time)
        }
    }
}
