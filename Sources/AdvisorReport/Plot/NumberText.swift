import Foundation

/// Short, readable numbers for tick labels and sentences: `0.25`, `1.5k`, `20M`, `1e-4`.
package enum NumberText {
    /// Three significant digits at most, with k/M/G above a thousand and an exponent below 0.001.
    package static func short(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "∞" : "−∞") }
        let magnitude = abs(value)
        if magnitude == 0 { return "0" }
        if magnitude < 1e-3 { return String(format: "%.3g", value).replacingOccurrences(of: "e-0", with: "e-") }
        for (scale, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where magnitude >= scale {
            return significant(value / scale) + suffix
        }
        return significant(value)
    }

    /// A ratio in [0, 1] as a percentage with sensible digits: `12.3%`, `0.42%`.
    package static func percent(_ fraction: Double) -> String {
        let value = fraction * 100
        let magnitude = abs(value)
        let digits = magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3
        return String(format: "%.\(digits)f%%", value)
    }

    /// A whole count with thousands separators: `1,234,567`.
    package static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    private static func significant(_ value: Double) -> String {
        var text = String(format: "%.3g", value)
        if text.contains("e") { text = String(format: "%.0f", value) }
        return text
    }
}
