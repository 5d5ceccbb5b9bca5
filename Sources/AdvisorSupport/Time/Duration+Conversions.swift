extension Duration {
    /// The duration in seconds (to the attosecond, as far as a `Double` holds it).
    package var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }

    /// The duration in whole nanoseconds (truncated), saturating at the bounds of `Int64`.
    package var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (total, overflowAgain) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflowAgain { return seconds < 0 ? .min : .max }
        return total
    }

    /// A duration of `milliseconds`, rounded to the nanosecond; negative values give zero, and infinite or
    /// huge values saturate at about 292 years.
    package static func milliseconds(exactly milliseconds: Double) -> Duration {
        guard milliseconds.isFinite, milliseconds < 9e12 else { return .seconds(Int64.max / 1_000_000_000) }
        return .nanoseconds(Int64((max(0, milliseconds) * 1e6).rounded()))
    }
}
