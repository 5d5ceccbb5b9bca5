import AdvisorSupport

/// Calls, failures and slow calls counted together.
struct CallTally: AdditiveArithmetic, Sendable, Equatable {
    var calls = 0
    var failures = 0
    var slow = 0

    static var zero: CallTally { CallTally() }
    static func + (a: Self, b: Self) -> Self { Self(calls: a.calls + b.calls, failures: a.failures + b.failures, slow: a.slow + b.slow) }
    static func - (a: Self, b: Self) -> Self { Self(calls: a.calls - b.calls, failures: a.failures - b.failures, slow: a.slow - b.slow) }

    /// The tally of one call.
    init(failed: Bool, slow: Bool) {
        self.init(calls: 1, failures: failed ? 1 : 0, slow: slow ? 1 : 0)
    }

    init(calls: Int = 0, failures: Int = 0, slow: Int = 0) {
        self.calls = calls
        self.failures = failures
        self.slow = slow
    }
}

/// The circuit breaker's sliding window over recent call outcomes: the last N calls, or the calls of the last N seconds.
struct CallOutcomeWindow: Sendable {
    /// Count-based window: the last `ring.count` calls, bit 0 = failed, bit 1 = slow. Empty for a time-based window.
    private var ring: [UInt8] = []
    private var next = 0
    private var filled = 0
    private var ringTotal = CallTally()
    /// Time-based window: per-second buckets, as resilience4j's.
    private var timed: SlidingTimeWindow<CallTally>?

    init(_ window: CallWindow) {
        switch window {
        case .count(let size):
            ring = Array(repeating: 0, count: size)
        case .time(let span):
            let seconds = span.seconds
            timed = SlidingTimeWindow(span: seconds, bucketCount: max(1, min(10_000, Int(seconds.rounded(.up)))))
        }
    }

    /// Adds one call's outcome at `now`.
    /// - Complexity: O(1) amortised.
    mutating func record(failed: Bool, slow: Bool, at now: Double) {
        let tally = CallTally(failed: failed, slow: slow)
        guard timed == nil else {
            timed!.add(tally, at: now)
            return
        }
        if filled == ring.count {
            let old = ring[next]
            ringTotal -= CallTally(failed: old & 1 != 0, slow: old & 2 != 0)
        } else {
            filled += 1
        }
        ring[next] = (failed ? 1 : 0) | (slow ? 2 : 0)
        ringTotal += tally
        next = next + 1 == ring.count ? 0 : next + 1
    }

    /// The calls in the window at `now`.
    /// - Complexity: O(1) amortised.
    mutating func totals(at now: Double) -> CallTally {
        guard timed == nil else {
            timed!.advance(to: now)
            return timed!.total
        }
        return ringTotal
    }

    /// Forgets every call.
    mutating func reset() {
        guard timed == nil else {
            timed!.reset()
            return
        }
        ring.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        next = 0
        filled = 0
        ringTotal = .zero
    }
}
