/// An injected clock erased to closures and read as time elapsed since it was wrapped.
///
/// Decision cores count time on their own monotonic scale (seconds or nanoseconds since they started);
/// erasing the clock keeps the types that hold one non-generic, while tests still drive them with a
/// manual clock.
package struct ElapsedClock: Sendable {
    private let elapsed: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void

    /// Wraps `clock`; elapsed time counts from now.
    package init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
        sleeper = { duration in try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil) }
    }

    /// Time since the clock was wrapped.
    package var duration: Duration { elapsed() }

    /// Seconds since the clock was wrapped.
    package var seconds: Double { elapsed().seconds }

    /// Whole nanoseconds since the clock was wrapped, saturating at the bounds of `Int64`.
    package var nanoseconds: Int64 { elapsed().nanoseconds }

    /// Sleeps for `duration` on the clock.
    /// - Throws: `CancellationError` when the task is cancelled.
    package func sleep(for duration: Duration) async throws {
        try await sleeper(duration)
    }
}
