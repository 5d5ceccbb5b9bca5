/// The balancing policies by their command-line names, and the one place that builds them.
package enum BalancingPolicyName: String, CaseIterable, Sendable, Codable {
    case roundRobin = "round-robin"
    case random
    /// Least requests of two random choices (Envoy's default).
    case p2c
    /// Finagle/Linkerd peak-EWMA.
    case peakEWMA = "peak-ewma"
    /// Requests-in-flight and latency probes, hot-cold rule.
    case prequal
    /// gRPC weighted round robin by reported utilization.
    case wrr
    /// Lowest latency predicted by a fitted model.
    case predicted

    /// Whether the policy needs a latency model.
    package var needsModel: Bool { self == .predicted }
}
