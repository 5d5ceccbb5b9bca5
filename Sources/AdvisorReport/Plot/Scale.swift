import Foundation

/// Maps data values on one axis to pixels, linearly or by decades, and chooses the ticks a reader expects.
package struct Scale: Sendable {
    package enum Kind: String, Sendable {
        case linear
        case log
    }

    package let kind: Kind
    /// The data interval shown, lower bound first (both positive on a log scale).
    package let domain: ClosedRange<Double>
    /// The pixel interval it maps onto; `start` may exceed `end` (a y axis grows upwards).
    package let start: Double
    package let end: Double

    /// A scale over `values` with a little room: a log scale spanning at least a decade, a linear one rounded out
    /// to tick steps (and starting at 0 when `includesZero`), or exactly the values' range when `tight` (an x axis
    /// of rows or time, where room at the ends is wasted).
    package init(
        fitting values: [Double], kind: Kind, includesZero: Bool = false, tight: Bool = false, pixels: (start: Double, end: Double)
    ) {
        let finite = values.filter { $0.isFinite && (kind == .linear || $0 > 0) }
        var low = finite.min() ?? (kind == .log ? 1 : 0)
        var high = finite.max() ?? (kind == .log ? 10 : 1)
        switch kind {
        case .log:
            // A little room at each end (an eighth of the span, in log terms), at least a factor of 10 in all.
            let span = max(log10(high / low), 1)
            let middle = (log10(low) + log10(high)) / 2
            let margin = span / 16
            low = pow(10, min(log10(low), middle - span / 2) - margin)
            high = pow(10, max(log10(high), middle + span / 2) + margin)
        case .linear:
            if includesZero { low = min(low, 0) }
            if high - low < 1e-12 * max(1, abs(high)) {
                low -= 0.5 * max(abs(low), 1e-9)
                high += 0.5 * max(abs(high), 1e-9)
            }
            if !tight {
                let step = Self.niceStep((high - low) / 5)
                low = (low / step).rounded(.down) * step
                high = (high / step).rounded(.up) * step
            }
        }
        self.init(kind: kind, domain: low...high, pixels: pixels)
    }

    package init(kind: Kind, domain: ClosedRange<Double>, pixels: (start: Double, end: Double)) {
        self.kind = kind
        self.domain = domain
        start = pixels.start
        end = pixels.end
    }

    /// Where `value` lies, in pixels; values outside the domain land outside the pixel interval.
    package func pixel(_ value: Double) -> Double {
        let fraction: Double
        switch kind {
        case .linear: fraction = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        case .log: fraction = (log10(value) - log10(domain.lowerBound)) / (log10(domain.upperBound) - log10(domain.lowerBound))
        }
        return start + fraction * (end - start)
    }

    /// Tick values inside the domain: about five round steps, or each decade (with 2 and 5 between when few).
    package var ticks: [Double] {
        switch kind {
        case .linear:
            let step = Self.niceStep((domain.upperBound - domain.lowerBound) / 5)
            let first = (domain.lowerBound / step).rounded(.up)
            let last = (domain.upperBound / step).rounded(.down)
            return stride(from: first, through: last, by: 1).map { $0 * step }
        case .log:
            let decades = Int(log10(domain.upperBound / domain.lowerBound).rounded(.up))
            let multiples: [Double] = decades <= 3 ? [1, 2, 5] : [1]
            let firstExponent = Int(log10(domain.lowerBound).rounded(.down))
            let low = domain.lowerBound * (1 - 1e-9)
            let high = domain.upperBound * (1 + 1e-9)
            var values: [Double] = []
            for exponent in firstExponent...(firstExponent + decades) {
                let power: Double = pow(10, Double(exponent))
                for multiple in multiples where multiple * power >= low && multiple * power <= high { values.append(multiple * power) }
            }
            return values
        }
    }

    /// 1, 2 or 5 times a power of ten, the nearest at or above `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let power = pow(10, log10(rough).rounded(.down))
        let mantissa = rough / power
        return (mantissa <= 1 ? 1 : mantissa <= 2 ? 2 : mantissa <= 5 ? 5 : 10) * power
    }
}
