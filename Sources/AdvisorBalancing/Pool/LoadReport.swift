/// A backend's own account of its load, as gRPC's ORCA carries it (per response or out of band):
/// what weighted round robin weighs by.
public struct LoadReport: Sendable, Equatable {
    /// Busy fraction of the backend's capacity, 0…1 (CPU or application utilization).
    package var utilization: Double
    /// Requests the backend completed per second.
    package var queriesPerSecond: Double
    /// Requests the backend failed per second.
    package var errorsPerSecond: Double

    public init(utilization: Double, queriesPerSecond: Double, errorsPerSecond: Double = 0) {
        self.utilization = utilization
        self.queriesPerSecond = queriesPerSecond
        self.errorsPerSecond = errorsPerSecond
    }
}
