/// What one backend of a `BackendSet` has been sent and how it answered, since it joined the set.
///
/// Kept beside the policy core under the set's lock (four additions per request), so that a metrics
/// exporter can read the per-backend picks, answers, failures and latency by difference between two
/// reads instead of being called on every request.
@usableFromInline
package struct BackendTraffic: Sendable, Equatable {
    /// Tickets issued for the backend: `pick()`, `pick(avoiding:)` and `start(_:)`.
    @usableFromInline package internal(set) var started = 0
    /// Tickets completed, whatever the outcome.
    @usableFromInline package internal(set) var completed = 0
    /// Completions whose outcome counts as a failure (`RequestOutcome.isFailure`).
    @usableFromInline package internal(set) var failed = 0
    /// The latencies of the completed tickets, summed, in milliseconds.
    @usableFromInline package internal(set) var latencyMilliseconds = 0.0

    @usableFromInline
    init() {}

    @inlinable
    mutating func complete(latency: Double, failed: Bool) {
        completed += 1
        if failed { self.failed += 1 }
        latencyMilliseconds += latency
    }
}

/// One backend as an exporter reads it: its traffic so far and its state now.
package struct BackendReading<Backend: Hashable & Sendable>: Sendable {
    package let backend: Backend
    package let traffic: BackendTraffic
    /// Requests in flight now, as the set counts them.
    package let inflight: Int
    /// The backend's latency EWMA (ms), what least-latency policies read.
    package let ewmaLatency: Double
}
