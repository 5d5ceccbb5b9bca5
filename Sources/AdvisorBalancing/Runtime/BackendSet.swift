public import AdvisorSupport
public import Synchronization

/// The backends of a service and what a client has seen of them: the one backend set a `Balancer` and the
/// model-driven controls (`SharedTimeoutAdvisor`, `SharedHedgePlanner(model:backends:)`,
/// `SharedPredictedLatencyLimiter`) share.
///
/// It holds the backends by value (any `Hashable` type: addresses, URLs, an enum), their one
/// `BackendFeatureTracker` (the features the latency models were trained on), outlier ejection, and the
/// clock every attached type reads. Every request is counted once, by the ticket that starts it: a
/// balancer's `pick()`, or `start(_:)` for a backend the caller chose, and it ends with one
/// `complete(_:outcome:)`; the controls predict for a ticket as the backend stood before it was sent.
/// Backends can be added and removed while requests are in flight; completions of requests to a removed
/// backend are ignored, even if a new backend has reused its slot.
///
/// ```swift
/// let backends = BackendSet(["10.0.0.1", "10.0.0.2"])
/// if let ticket = backends.start("10.0.0.1") {
///     backends.complete(ticket, outcome: .succeeded)
/// }
/// ```
public final class BackendSet<Backend: Hashable & Sendable>: Sendable {
    /// One request's claim on a backend, counted as in flight until it is handed to `complete(_:outcome:)`.
    public struct Ticket: Sendable {
        /// Where to send the request.
        public let backend: Backend
        /// Backends the balancer's policy wants probed (Prequal); answer with `Balancer.receive(_:from:)`. Usually empty.
        public let probes: [Backend]
        /// The slot, its generation and the send time, which identify the request in the set.
        @usableFromInline let id: TicketID

        @usableFromInline
        init(backend: Backend, probes: [Backend], id: TicketID) {
            self.backend = backend
            self.probes = probes
            self.id = id
        }
    }

    // The hot path (`pick`, `complete`) is `@inlinable`, so an application's build specialises it for its `Backend` type:
    // unspecialised, every access to this generic state looked its type metadata up at run time.
    @usableFromInline let state: Mutex<BackendSetState<Backend>>
    @usableFromInline let clock: ElapsedClock
    /// The server metrics declared at creation, in the order `report(metrics:from:)` takes them.
    package let metricNames: [String]

    /// Creates a backend set.
    /// - Parameters:
    ///   - backends: the initial backends.
    ///   - metricNames: server metrics the application will `report` per backend (what the models it attaches read,
    ///     `model.metricNames`); none by default.
    ///   - ejectOutliers: whether a backend that fails 5 times in a row or holds requests unanswered for 2 s is taken
    ///     out of the balancer's candidates for a while (Envoy's outlier detection, at most 10 % of the set).
    ///   - clock: the clock latencies and ages are measured on (a manual clock in tests).
    ///   - seed: seed of the balancing policy's random choices.
    public init(
        _ backends: [Backend] = [], metricNames: [String] = [], ejectOutliers: Bool = true, clock: some Clock<Duration> = ContinuousClock(),
        seed: UInt64 = .random(in: 0...UInt64.max)
    ) {
        let pool = BackendPool(
            features: BackendFeatureTracker(metricNames: metricNames), outliers: ejectOutliers ? OutlierSettings() : .disabled, seed: seed)
        var initial = BackendSetState<Backend>(policy: UnbalancedPolicy(pool: pool))
        for backend in backends { initial.add(backend) }
        self.state = Mutex(initial)
        self.clock = ElapsedClock(clock)
        self.metricNames = metricNames
    }

    /// Adds a backend (nothing happens if it is already in); safe while requests are in flight.
    public func add(_ backend: Backend) {
        state.withVisibleLock { $0.add(backend) }
    }

    /// Removes a backend; requests in flight to it may still complete and are then ignored.
    public func remove(_ backend: Backend) {
        state.withVisibleLock { $0.remove(backend) }
    }

    /// Server metrics `backend` reported, in the order of `metricNames` given at creation; they stay until the next report.
    /// - Throws: `ControlConfigurationError` when the count differs from the declared metrics.
    public func report(metrics: [Double], from backend: Backend) throws(ControlConfigurationError) {
        try ControlConfigurationError.require(
            metrics.count == metricNames.count, "metrics", "\(metrics.count) values reported; the set was declared with \(metricNames)")
        state.withVisibleLock { state in
            guard let index = state.indices[backend] else { return }
            state.policy.report(index, metrics: metrics)
        }
    }

    /// Counts a request to `backend`, which the caller chose, as sent now.
    /// - Returns: its ticket, or nil when `backend` is not in the set.
    public func start(_ backend: Backend) -> Ticket? {
        let time = clock.seconds
        return state.withVisibleLock { state in
            guard let index = state.indices[backend] else { return nil }
            return state.start(index, at: time, probes: [])
        }
    }

    /// Reports how a request ended: its latency is the time since its ticket was issued. Each ticket is completed once.
    /// - Parameters:
    ///   - ticket: the request's ticket, from `start(_:)` or a balancer's `pick()`.
    ///   - outcome: anything but `succeeded` and `cancelled` counts as a failure, for error rates and outlier ejection.
    @inlinable
    public func complete(_ ticket: Ticket, outcome: RequestOutcome = .succeeded) {
        let time = clock.seconds
        state.withVisibleLock { state in
            guard state.isCurrent(ticket.id) else { return }
            let latency = max(0, time - ticket.id.sentAt) * 1000
            state.policy.completed(ticket.id.index, latency: latency, failed: outcome.isFailure, at: time)
            state.traffic[ticket.id.index].complete(latency: latency, failed: outcome.isFailure)
        }
    }

    /// The backends in the set, in no particular order.
    package var backends: [Backend] {
        state.withVisibleLock { Array($0.indices.keys) }
    }

    /// Every backend's traffic so far and state now, read together under the lock (for a metrics exporter).
    package func readings() -> [BackendReading<Backend>] {
        state.withVisibleLock { state in
            let features = state.policy.pool.features
            return state.indices.map { backend, index in
                BackendReading(
                    backend: backend, traffic: state.traffic[index], inflight: features.inflight(index),
                    ewmaLatency: features.ewmaLatency(index))
            }
        }
    }

    /// Requests in flight to `backend` as the set counts them.
    package func inflight(_ backend: Backend) -> Int {
        state.withVisibleLock { state in state.indices[backend].map { state.policy.pool.features.inflight($0) } ?? 0 }
    }

    /// Takes back a ticket whose request was never sent (a limiter turned it away): no longer in flight, nothing learnt.
    func withdraw(_ id: TicketID) {
        state.withVisibleLock { state in
            guard state.isCurrent(id) else { return }
            state.policy.withdrawn(id.index)
        }
    }

    /// A source of `model`'s predictions on this set's features, for a control that attaches the model.
    /// - Throws: `ControlConfigurationError` (setting `model`) when the model reads other server metrics than declared.
    func predictions(of model: LatencyModel, for use: String) throws(ControlConfigurationError) -> LatencyPredictions {
        try model.requireMetrics(metricNames, for: use)
        return LatencyPredictions(
            clock: clock,
            predict: { id in
                let now = self.clock.seconds
                return self.state.withVisibleLock { state in
                    guard state.isCurrent(id) else { return (.nan, .nan) }
                    return model.latencies(of: id.index, features: state.policy.pool.features, at: now, excludingOne: true)
                }
            })
    }
}

/// A request's place in a `BackendSet`: its backend's slot, the slot's generation when it was sent, and when.
@usableFromInline
struct TicketID: Sendable, Hashable {
    @usableFromInline let index: Int
    @usableFromInline let generation: UInt64
    @usableFromInline let sentAt: Double

    @usableFromInline
    init(index: Int, generation: UInt64, sentAt: Double) {
        self.index = index
        self.generation = generation
        self.sentAt = sentAt
    }
}

/// A latency model bound to a backend set, as a control holds it: predictions for tickets, on the set's clock.
struct LatencyPredictions: Sendable {
    let clock: ElapsedClock
    /// The predicted latency (ms) of a ticket's request as its backend stood before it was sent, and the prediction for the
    /// same backend with nothing in flight; NaN for a ticket whose backend has left the set.
    let predict: @Sendable (TicketID) -> (current: Double, idle: Double)
}
