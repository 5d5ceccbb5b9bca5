import Foundation

/// Keeps a latency-quantile model honest while the world drifts: the prediction is scaled by a factor
/// learnt online from answers as they arrive, so that the share of latencies at or below it tracks the
/// nominal quantile (online gradient descent on the pinball loss, in log space; adaptive conformal
/// calibration in the sense of Gibbs & Candès 2021).
///
/// A model fitted on yesterday's traffic may be off today (a machine got quieter, a dependency slower);
/// its quantiles are then miscalibrated however well it ranked backends. The runtime feeds every answer
/// back; `advisor train` scores quantile models both raw and calibrated this way on the hold-out, causally
/// (an answer counts only from the moment it arrived).
public struct OnlineQuantileCalibration: Sendable, Equatable {
    /// The nominal quantile τ.
    public let quantile: Double
    /// Learning rate on the log scale.
    public let step: Double
    /// Log of the current scale factor.
    public private(set) var offset = 0.0

    /// - Parameters:
    ///   - quantile: τ in (0, 1).
    ///   - step: learning rate; after a miss the prediction grows by about `step × τ` in log terms, after a hit it
    ///     shrinks by `step × (1 − τ)`, so over n answers the coverage error is at most about `range / (step × n)`.
    public init(quantile: Double, step: Double = 0.05) {
        precondition(quantile > 0 && quantile < 1, "a quantile lies in (0, 1)")
        self.quantile = quantile
        self.step = step
    }

    /// The calibrated prediction for a raw model prediction (both in the latency's unit).
    public func calibrated(_ prediction: Double) -> Double {
        prediction * exp(offset)
    }

    /// Learns from one answer.
    /// - Parameters:
    ///   - latency: what the request took.
    ///   - calibratedPrediction: what `calibrated` predicted for it when it was sent.
    public mutating func observe(latency: Double, calibratedPrediction: Double) {
        offset += step * (quantile - (latency <= calibratedPrediction ? 1 : 0))
    }
}
