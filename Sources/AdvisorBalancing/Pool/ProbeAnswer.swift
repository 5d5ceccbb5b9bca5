/// The answer to a load probe (Prequal): the server's requests in flight and its latency estimate.
public struct ProbeAnswer: Sendable, Equatable {
    /// Requests the server holds (queued or running), from every client.
    package var requestsInFlight: Int
    /// The server's estimate of a new request's latency (ms).
    package var latency: Double

    public init(requestsInFlight: Int, latency: Double) {
        self.requestsInFlight = requestsInFlight
        self.latency = latency
    }
}
