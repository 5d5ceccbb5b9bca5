import AdvisorSupport
import Synchronization

/// An `AnomalyDetector` shared by concurrent callers, stamping each sample with an injected clock.
///
/// A service records one metric (a backend's latency, a queue's depth) from many tasks; the monitor keeps
/// the detector behind a `Mutex` and reads the time from the clock it was given, so tests drive it with a
/// manual clock and production with `ContinuousClock`.
public final class AnomalyMonitor: Sendable {
    private let detector: Mutex<AnomalyDetector>
    private let clock: ElapsedClock
    private let startTime: Double

    /// Creates a monitor.
    /// - Parameters:
    ///   - clock: the clock the samples are stamped with.
    ///   - startTime: the wall-clock time of the clock's present instant, in seconds since 1970 UTC; it sets the
    ///     detector's time of day (0 counts the day from the monitor's creation).
    ///   - configuration: the detector's settings.
    public init<C: Clock>(clock: C, startTime: Double = 0, configuration: AnomalyDetector.Configuration = .init())
    where C.Duration == Duration {
        self.clock = ElapsedClock(clock)
        self.startTime = startTime
        detector = Mutex(AnomalyDetector(configuration: configuration))
    }

    /// Scores a sample taken now and learns from it.
    /// - Complexity: amortised O(1), under the lock.
    public func record(_ value: Double) -> AnomalyDetector.Verdict {
        let time = startTime + clock.seconds
        return detector.withLock { $0.observe(value, at: time) }
    }
}
