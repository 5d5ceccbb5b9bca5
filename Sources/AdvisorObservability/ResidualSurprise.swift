import Foundation

/// How surprising the recent forecast errors are against their own long-run distribution, in decimal
/// orders of magnitude (`-log10` of a Gaussian tail probability), the way HTM's anomaly likelihood
/// judges its raw scores.
///
/// Each error is first made scale-free by the exponentially weighted mean absolute error, and capped so
/// that one wild sample cannot blow up the long-run spread; the short-term mean of those scaled errors
/// is then compared with their mean and spread over the long window.
struct ResidualSurprise: Sendable {
    private let scaleMemory: Double
    private let cap: Double
    private let warmUp: Int
    private var scale: Double?
    private var longRun: RollingMoments
    private var shortRun: RollingMoments

    init(shortWindow: Int, longWindow: Int, scaleMemory: Int, cap: Double, warmUp: Int) {
        self.scaleMemory = Double(scaleMemory)
        self.cap = cap
        self.warmUp = warmUp
        longRun = RollingMoments(window: longWindow)
        shortRun = RollingMoments(window: shortWindow)
    }

    /// Adds one forecast error and returns the surprise of the recent errors (0 while warming up).
    mutating func add(error: Double) -> Double {
        let magnitude = abs(error)
        let current = scale ?? (magnitude + 1e-9)
        let scaled = min(magnitude / (current + 1e-12), cap)
        scale = max(current + (magnitude - current) / scaleMemory, 1e-9)
        longRun.add(scaled)
        shortRun.add(scaled)
        guard longRun.count >= warmUp else { return 0 }
        let z = (shortRun.mean - longRun.mean) / (longRun.standardDeviation + 1e-6)
        return -GaussianTail.log10UpperTail(z)
    }
}

/// The upper tail of the standard normal distribution on a log scale, finite far into the tail.
enum GaussianTail {
    /// `log10 P(Z > z)` for a standard normal `Z`.
    static func log10UpperTail(_ z: Double) -> Double {
        if z < 30 { return log10(max(0.5 * erfc(z / 2.0.squareRoot()), .leastNonzeroMagnitude)) }
        // Mills' ratio: P(Z > z) ≈ φ(z)/z, exact to 1e-3 relative beyond z = 30.
        return (-z * z / 2 - log(z * (2 * Double.pi).squareRoot())) / log(10)
    }
}
