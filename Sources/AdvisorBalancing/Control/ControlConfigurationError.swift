/// A request-control type was configured with values it cannot work with.
///
/// Thrown by the initializers of the backend set, the balancer, the timeout advisor, hedge planner, retry budget,
/// circuit breaker, concurrency limiters and strategy selector (and when a model does not fit what it is
/// attached to, setting `model`), naming the setting and the value that was refused.
public struct ControlConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The setting that was refused, for example `failureRateThreshold`.
    package var setting: String
    /// What is wrong with it.
    package var message: String

    package init(setting: String, message: String) {
        self.setting = setting
        self.message = message
    }

    public var description: String { "\(setting): \(message)" }

    /// Throws unless `condition` holds.
    static func require(_ condition: Bool, _ setting: String, _ message: @autoclosure () -> String) throws(ControlConfigurationError) {
        guard condition else { throw ControlConfigurationError(setting: setting, message: message()) }
    }
}

extension Duration {
    /// The duration in milliseconds, as the cores measure latency.
    var milliseconds: Double { seconds * 1000 }
}
