/// Time elapsed on an injected clock since the cache was created, in nanoseconds.
///
/// Erasing the clock to a closure keeps `PredictiveCache` generic over its keys and values only,
/// while tests still drive expiry with a manual clock.
@usableFromInline
struct ElapsedTime: Sendable {
    private let elapsed: @Sendable () -> Duration

    init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
    }

    /// Nanoseconds since creation.
    @usableFromInline
    var nanoseconds: Int64 { Self.nanoseconds(elapsed()) }

    /// A duration in whole nanoseconds, saturating at the bounds of `Int64`.
    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (total, overflowAgain) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflowAgain { return seconds < 0 ? .min : .max }
        return total
    }
}
