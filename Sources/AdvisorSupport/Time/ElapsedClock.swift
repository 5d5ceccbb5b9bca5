#if canImport(Glibc)
    import Glibc
#endif

/// An injected clock erased to closures and read as time elapsed since it was wrapped.
///
/// Decision cores count time on their own monotonic scale (seconds or nanoseconds since they started);
/// erasing the clock keeps the types that hold one non-generic, while tests still drive them with a
/// manual clock.
///
/// A request path reads the clock twice per request, so the reading is kept cheap: `ContinuousClock` on
/// Linux is read straight from the kernel clock it stands for (`CLOCK_BOOTTIME`, the one the standard
/// library reads), with no `Duration` arithmetic; any other clock goes through its instants.
@usableFromInline
package struct ElapsedClock: Sendable {
    private let elapsed: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void
    /// The kernel time at which a wrapped `ContinuousClock` started, when it is read directly.
    private let kernelStart: (seconds: Int, nanoseconds: Int)?

    /// Wraps `clock`; elapsed time counts from now.
    package init<C: Clock>(_ clock: C) where C.Duration == Duration {
        sleeper = { duration in try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil) }
        #if os(Linux)
            if clock is ContinuousClock {
                let start = Self.kernelTime()
                kernelStart = start
                elapsed = { Self.kernelElapsed(since: start) }
                return
            }
        #endif
        kernelStart = nil
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
    }

    /// Time since the clock was wrapped.
    package var duration: Duration { elapsed() }

    /// Seconds since the clock was wrapped.
    @usableFromInline
    package var seconds: Double {
        #if os(Linux)
            if let start = kernelStart {
                let now = Self.kernelTime()
                return Double(now.seconds - start.seconds) + Double(now.nanoseconds - start.nanoseconds) * 1e-9
            }
        #endif
        return elapsed() / .seconds(1)
    }

    /// Whole nanoseconds since the clock was wrapped, saturating at the bounds of `Int64`.
    package var nanoseconds: Int64 { elapsed().nanoseconds }

    /// Sleeps for `duration` on the clock.
    /// - Throws: `CancellationError` when the task is cancelled.
    package func sleep(for duration: Duration) async throws {
        try await sleeper(duration)
    }

    #if os(Linux)
        private static func kernelTime() -> (seconds: Int, nanoseconds: Int) {
            var now = timespec()
            clock_gettime(CLOCK_BOOTTIME, &now)
            return (now.tv_sec, now.tv_nsec)
        }

        private static func kernelElapsed(since start: (seconds: Int, nanoseconds: Int)) -> Duration {
            let now = kernelTime()
            return .seconds(now.seconds - start.seconds) + .nanoseconds(now.nanoseconds - start.nanoseconds)
        }
    #endif
}
