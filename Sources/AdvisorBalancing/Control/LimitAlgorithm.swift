/// How a concurrency limit moves with the requests that complete (Netflix concurrency-limits' `Limit`).
package protocol LimitAlgorithm: Sendable {
    /// The current limit on requests in flight.
    var limit: Int { get }

    /// Updates the limit with one completed request.
    /// - Parameters:
    ///   - latency: its round-trip time (ms).
    ///   - inflight: requests in flight once it was admitted, itself included.
    ///   - dropped: whether it was dropped or timed out rather than answered.
    mutating func sample(latency: Double, inflight: Int, dropped: Bool)
}
