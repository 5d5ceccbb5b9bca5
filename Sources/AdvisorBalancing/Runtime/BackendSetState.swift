/// What a `BackendSet` keeps behind its lock: the policy core (whose pool holds the backends' features and
/// outlier state) and the mapping between the application's backend values and the core's dense indices.
@usableFromInline
struct BackendSetState<Backend: Hashable & Sendable>: Sendable {
    /// The balancer's policy core; `UnbalancedPolicy` until a `Balancer` is attached.
    @usableFromInline var policy: any BalancerPolicy
    /// Whether a `Balancer` has installed its policy (a set serves one balancer).
    var hasBalancer = false
    var indices: [Backend: Int] = [:]
    /// By index: the backend there now and its generation (bumped when the slot is reused).
    @usableFromInline var backends: [Backend?] = []
    @usableFromInline var generations: [UInt64] = []
    /// By index: the traffic of the backend there now (reset when the slot is reused).
    @usableFromInline var traffic: [BackendTraffic] = []
    var nextGeneration: UInt64 = 1

    init(policy: any BalancerPolicy) {
        self.policy = policy
    }

    mutating func add(_ backend: Backend) {
        guard indices[backend] == nil else { return }
        let index = policy.addBackend()
        if index == backends.count {
            backends.append(nil)
            generations.append(0)
            traffic.append(BackendTraffic())
        }
        backends[index] = backend
        traffic[index] = BackendTraffic()
        generations[index] = nextGeneration
        nextGeneration += 1
        indices[backend] = index
    }

    mutating func remove(_ backend: Backend) {
        guard let index = indices.removeValue(forKey: backend) else { return }
        backends[index] = nil
        policy.removeBackend(index)
    }

    /// Counts a request to the backend at `index` as sent at `time` and returns its ticket.
    @inlinable
    mutating func start(_ index: Int, at time: Double, probes: [Backend]) -> BackendSet<Backend>.Ticket? {
        guard let backend = backends[index] else { return nil }
        policy.started(index, at: time)
        traffic[index].started += 1
        return BackendSet<Backend>.Ticket(
            backend: backend, probes: probes, id: TicketID(index: index, generation: generations[index], sentAt: time))
    }

    /// Whether a ticket's backend is still the one in its slot.
    @inlinable
    func isCurrent(_ id: TicketID) -> Bool {
        id.index < generations.count && generations[id.index] == id.generation
    }
}

/// The policy core of a backend set that no balancer chooses for: it keeps the pool (features, outliers) and is never asked to choose.
struct UnbalancedPolicy: BalancerPolicy {
    var pool: BackendPool

    mutating func choose(at time: Double) -> Int { pool.candidates[0] }
}
