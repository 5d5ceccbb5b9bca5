/// A backend's own account of its load, as gRPC's ORCA carries it (per response or out of band):
/// what weighted round robin weighs by.
public struct LoadReport: Sendable, Equatable {
    /// Busy fraction of the backend's capacity, 0…1 (CPU or application utilization).
    public var utilization: Double
    /// Requests the backend completed per second.
    public var queriesPerSecond: Double
    /// Requests the backend failed per second.
    public var errorsPerSecond: Double

    public init(utilization: Double, queriesPerSecond: Double, errorsPerSecond: Double = 0) {
        self.utilization = utilization
        self.queriesPerSecond = queriesPerSecond
        self.errorsPerSecond = errorsPerSecond
    }
}

/// The answer to a load probe (Prequal): the server's requests in flight and its latency estimate.
public struct ProbeAnswer: Sendable, Equatable {
    /// Requests the server holds (queued or running), from every client.
    public var requestsInFlight: Int
    /// The server's estimate of a new request's latency (ms).
    public var latency: Double

    public init(requestsInFlight: Int, latency: Double) {
        self.requestsInFlight = requestsInFlight
        self.latency = latency
    }
}
