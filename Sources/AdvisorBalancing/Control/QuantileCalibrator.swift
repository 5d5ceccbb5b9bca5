import Foundation

/// An online correction that keeps a predicted latency quantile at its intended miss rate on live traffic.
///
/// A quantile model fitted on an earlier period covers a later one only approximately: the load,
/// the backends and the tail all drift. The calibrator is adaptive conformal inference (Gibbs and
/// Candès, 2021) on the log scale: the corrected quantile is `predicted · e^θ`, and each observed
/// outcome moves θ by `step · (missed − missRate)`. A miss raises θ by almost `step`; a hit lowers
/// it by `step · missRate`; so θ settles where misses happen at `missRate`, whatever the model's bias.
/// Over any run of outcomes the realised misses differ from `missRate ×` outcomes by exactly the
/// change of θ divided by `step`, so the long-run rate holds while θ stays bounded.
///
/// It needs only *whether* an outcome missed, which a client knows even when it cut the request
/// off: the latency of a timed-out request is never observed, but its miss is.
package struct QuantileCalibrator: Sendable, Equatable {
    /// How quickly the correction moves.
    package struct Settings: Sendable, Equatable {
        /// How far one outcome moves the log correction. Larger adapts faster to drift, but the
        /// corrected quantile then jumps further after each miss (and so averages higher). Over a run,
        /// misses − rate × outcomes = Δθ / step, so for rare targets (0.1%), where one miss is a large
        /// share of the expected count, a larger step holds the count closer; 0.2 by default.
        package var step: Double
        /// The largest correction either way, as a factor: a burst of misses or a silent period
        /// cannot push the quantile further than this from the model's prediction.
        package var maximumFactor: Double

        package init(step: Double = 0.2, maximumFactor: Double = 100) {
            self.step = step
            self.maximumFactor = maximumFactor
        }
    }

    /// The fraction of outcomes meant to fall above the corrected quantile.
    package let missRate: Double
    package let settings: Settings
    /// The current correction θ: the corrected quantile is the prediction times `e^θ`.
    package private(set) var logFactor = 0.0
    /// `e^θ`, kept so a decision costs one multiplication.
    package private(set) var factor = 1.0
    /// Outcomes recorded so far.
    package private(set) var outcomes = 0
    /// Misses among them.
    package private(set) var misses = 0
    private let bound: Double

    /// Creates a calibrator with no correction yet.
    /// - Parameters:
    ///   - missRate: the intended fraction of misses, in (0, 1).
    ///   - settings: step and bound.
    /// - Throws: `ControlConfigurationError` for a rate outside (0, 1), a step that is not positive
    ///   or a maximum factor below 1.
    package init(missRate: Double, settings: Settings = Settings()) throws(ControlConfigurationError) {
        try ControlConfigurationError.require(
            missRate > 0 && missRate < 1, "missRate", "must lie strictly between 0 and 1, not \(missRate)")
        try ControlConfigurationError.require(settings.step > 0 && settings.step.isFinite, "step", "must be positive, not \(settings.step)")
        try ControlConfigurationError.require(
            settings.maximumFactor >= 1 && settings.maximumFactor.isFinite, "maximumFactor",
            "must be at least 1, not \(settings.maximumFactor)")
        self.missRate = missRate
        self.settings = settings
        self.bound = log(settings.maximumFactor)
    }

    /// The corrected quantile for a predicted one.
    /// - Complexity: O(1).
    @inlinable
    package func corrected(_ predicted: Double) -> Double { predicted * factor }

    /// Notes whether an outcome fell above the corrected quantile it was given.
    /// - Complexity: O(1).
    package mutating func record(missed: Bool) {
        outcomes += 1
        if missed { misses += 1 }
        logFactor = min(bound, max(-bound, logFactor + settings.step * ((missed ? 1 : 0) - missRate)))
        factor = exp(logFactor)
    }
}
