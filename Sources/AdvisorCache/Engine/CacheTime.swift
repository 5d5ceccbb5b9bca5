import AdvisorSupport

/// A moment on a cache's clock: nanoseconds since the cache started.
///
/// The one notion of time the engine takes. The runtime reads its injected clock (the `Duration`
/// since the cache was created); a replay converts the trace's timestamps, or counts one second
/// per request when the trace has none, so a TTL is a `Duration` in both.
@usableFromInline
package struct CacheTime: Comparable, Sendable {
    @usableFromInline package var nanoseconds: Int64

    @inlinable package init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    // Computed rather than stored: a stored static is reached through a lazy-initialisation
    // check on every hit in the embedder's module.
    /// The start of the clock.
    @inlinable package static var zero: CacheTime { CacheTime(nanoseconds: 0) }
    /// A moment never reached: the deadline of an entry that does not expire.
    @inlinable package static var never: CacheTime { CacheTime(nanoseconds: .max) }

    /// The moment `duration` after the start, saturating at the bounds of `Int64`.
    package init(_ duration: Duration) {
        nanoseconds = duration.nanoseconds
    }

    /// The moment `seconds` after the start, rounded to the nearest nanosecond (a replay's
    /// timestamps).
    package init(seconds: Double) {
        let scaled = (seconds * 1e9).rounded()
        nanoseconds = scaled >= 9.2e18 ? .max : scaled <= -9.2e18 ? .min : Int64(scaled)
    }

    /// This moment plus `ttl`, saturating: a deadline past the end of `Int64` is never reached.
    package func adding(_ ttl: Duration) -> CacheTime {
        let (sum, overflow) = nanoseconds.addingReportingOverflow(ttl.nanoseconds)
        if overflow { return ttl > .zero ? .never : CacheTime(nanoseconds: .min) }
        return CacheTime(nanoseconds: sum)
    }

    @inlinable package static func < (lhs: CacheTime, rhs: CacheTime) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
}
