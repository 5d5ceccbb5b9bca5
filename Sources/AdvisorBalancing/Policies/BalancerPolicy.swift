/// One balancing policy's single-threaded core (DESIGN.md: one policy core).
///
/// The balancing replay drives a core directly at full speed; the runtime `Balancer` wraps the same
/// core in a lock. A core never reads a clock or a global random generator: every call carries its
/// time (seconds), and randomness comes from the pool's seeded generator.
///
/// A request is `pick`, then `started` when it is sent, then `completed` when it answers, fails or
/// times out. Policies implement `choose` and, when they keep state of their own, the `did…` hooks;
/// the shared bookkeeping (features, outlier ejection, candidates) lives in `pool`.
@usableFromInline
package protocol BalancerPolicy: Sendable {
    /// The backends and what is known about them.
    var pool: BackendPool { get set }

    /// Chooses among `pool.candidates`, which is not empty when this is called.
    mutating func choose(at time: Double) -> Int

    /// Called after `pool` noted a request sent to `backend`.
    mutating func didStart(_ backend: Int, at time: Double)
    /// Called after `pool` noted a completion.
    mutating func didComplete(_ backend: Int, latency: Double, failed: Bool, at time: Double)
    /// A load report from `backend` (ORCA-style); default: ignored.
    mutating func didReceive(_ report: LoadReport, from backend: Int, at time: Double)
    /// The next backend this policy wants probed, if any (Prequal); default: none.
    mutating func nextProbe(at time: Double) -> Int?
    /// The answer to a probe this policy asked for; default: ignored.
    mutating func didReceive(_ answer: ProbeAnswer, from backend: Int, at time: Double)
    /// Called after `pool` recorded server metrics reported by `backend`.
    mutating func didReportMetrics(_ backend: Int)
    /// Called after a backend joined or left the pool.
    mutating func didChangeBackends()
    /// Called after `pool` took back a request to `backend` that was started but never sent.
    mutating func didWithdraw(_ backend: Int)

    // The request path's three calls are requirements, with the defaults below, rather than extension methods only:
    // called on the runtime's `any BalancerPolicy`, a requirement dispatches once to code specialised for the core,
    // where an extension method ran generic code reaching `pool` through the existential's accessors on every use.

    /// The backend for a request sent at `time`, or nil when the pool is empty (default: `pool.refresh`, then `choose`).
    mutating func pick(at time: Double) -> Int?
    /// Notes that a request was sent to `backend` at `time` (default: the pool's, then `didStart`).
    mutating func started(_ backend: Int, at time: Double)
    /// Notes that a request to `backend` completed at `time` after `latency` ms (default: the pool's, then `didComplete`).
    mutating func completed(_ backend: Int, latency: Double, failed: Bool, at time: Double)
}

extension BalancerPolicy {
    package mutating func didStart(_ backend: Int, at time: Double) {}
    package mutating func didComplete(_ backend: Int, latency: Double, failed: Bool, at time: Double) {}
    package mutating func didReceive(_ report: LoadReport, from backend: Int, at time: Double) {}
    package mutating func nextProbe(at time: Double) -> Int? { nil }
    package mutating func didReceive(_ answer: ProbeAnswer, from backend: Int, at time: Double) {}
    package mutating func didReportMetrics(_ backend: Int) {}
    package mutating func didChangeBackends() {}
    package mutating func didWithdraw(_ backend: Int) {}

    /// The backend for a request sent at `time`, or nil when the pool is empty.
    /// - Complexity: the policy's `choose`, plus O(n) when an ejection ends or a stall sweep is due.
    @inlinable
    package mutating func pick(at time: Double) -> Int? {
        // One mutating access: through an existential (the runtime wrapper) reading `pool` would copy it.
        guard pool.refresh(at: time) else { return nil }
        return choose(at: time)
    }

    /// The backend for a backup of a request already sent to `primary`: the policy's choice among the
    /// other candidates (`primary` itself only when it is the sole candidate), or nil when the pool is empty.
    /// - Complexity: the policy's `choose`, plus O(n) to set `primary` aside and back.
    package mutating func pick(at time: Double, avoiding primary: Int) -> Int? {
        guard pool.refresh(at: time) else { return nil }
        guard pool.setAside(primary) else { return choose(at: time) }
        let choice = choose(at: time)
        pool.rebuildCandidates()
        return choice
    }

    /// Notes that a request was sent to `backend` at `time`.
    @inlinable
    package mutating func started(_ backend: Int, at time: Double) {
        pool.started(backend, at: time)
        didStart(backend, at: time)
    }

    /// Notes that a request to `backend` completed at `time` after `latency` ms, failed (error or timeout) or not.
    @inlinable
    package mutating func completed(_ backend: Int, latency: Double, failed: Bool, at time: Double) {
        pool.completed(backend, latency: latency, failed: failed, at: time)
        didComplete(backend, latency: latency, failed: failed, at: time)
    }

    /// Takes back a request to `backend` that was started but never sent (a limiter turned it away).
    package mutating func withdrawn(_ backend: Int) {
        pool.withdrawn(backend)
        didWithdraw(backend)
    }

    /// Records server metrics reported by `backend`, in the order of the tracker's `metricNames`.
    package mutating func report<Values: Collection<Double>>(_ backend: Int, metrics: Values) {
        pool.report(backend, metrics: metrics)
        didReportMetrics(backend)
    }

    /// Adds a backend to the pool and returns its index.
    package mutating func addBackend() -> Int {
        let index = pool.add()
        didChangeBackends()
        return index
    }

    /// Removes a backend from the pool.
    package mutating func removeBackend(_ backend: Int) {
        pool.remove(backend)
        didChangeBackends()
    }
}
