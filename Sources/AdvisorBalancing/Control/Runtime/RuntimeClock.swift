/// The injected clock of a runtime request-control type, read as seconds since the type was created.
///
/// The cores measure time in seconds on any monotonic scale; erasing the clock to closures keeps the
/// runtime types non-generic while tests still drive them with a manual clock.
package struct RuntimeClock: Sendable {
    private let elapsed: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void

    package init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
        sleeper = { duration in try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil) }
    }

    /// Seconds since creation.
    package var now: Double { elapsed().seconds }

    /// Sleeps for `duration` on the clock.
    /// - Throws: `CancellationError` when the task is cancelled.
    package func sleep(for duration: Duration) async throws {
        try await sleeper(duration)
    }
}

extension Duration {
    /// A duration of `milliseconds`, rounded to the nanosecond; infinite or huge values saturate at about 292 years.
    static func milliseconds(exactly milliseconds: Double) -> Duration {
        guard milliseconds.isFinite, milliseconds < 9e12 else { return .seconds(Int64.max / 1_000_000_000) }
        return .nanoseconds(Int64((max(0, milliseconds) * 1e6).rounded()))
    }
}
