import Foundation

/// Tallies over the most recent `span` of time, kept in equal buckets so the total is O(1) to read and update.
///
/// Time is cut into buckets of `span / bucketCount` seconds; the window holds the current bucket
/// and the ones before it, up to `bucketCount`, and a bucket leaves the total as a whole when it
/// expires. A record with a time before the newest bucket (clocks are monotonic, so only a caller
/// that mixes clocks sends one) is counted in the newest bucket.
struct SlidingTimeWindow<Tally: AdditiveArithmetic & Sendable>: Sendable {
    private var buckets: [Tally]
    private let bucketSeconds: Double
    /// Index (time / bucketSeconds, rounded down) of the newest bucket; `nil` before the first record.
    private var newest: Int64?
    /// The sum of all live buckets.
    private(set) var total: Tally = .zero

    /// - Parameters:
    ///   - span: the window length in seconds, positive.
    ///   - bucketCount: how many buckets it is cut into, at least 1.
    init(span: Double, bucketCount: Int) {
        precondition(span > 0 && bucketCount >= 1)
        buckets = Array(repeating: .zero, count: bucketCount)
        bucketSeconds = span / Double(bucketCount)
    }

    /// Drops the buckets that have left the window by `now`.
    /// - Complexity: O(1) amortised (at most `bucketCount` buckets per call).
    mutating func advance(to now: Double) {
        let index = Int64((now / bucketSeconds).rounded(.down))
        guard let newest else {
            self.newest = index
            return
        }
        guard index > newest else { return }
        let count = Int64(buckets.count)
        if index - newest >= count {
            buckets.withUnsafeMutableBufferPointer { $0.update(repeating: .zero) }
            total = .zero
        } else {
            for expired in (newest + 1)...index {
                let slot = Int(expired % count)
                total -= buckets[slot]
                buckets[slot] = .zero
            }
        }
        self.newest = index
    }

    /// Adds `tally` at `now`.
    /// - Complexity: O(1) amortised.
    mutating func add(_ tally: Tally, at now: Double) {
        advance(to: now)
        let slot = Int(newest! % Int64(buckets.count))
        buckets[slot] += tally
        total += tally
    }

    /// Forgets everything.
    mutating func reset() {
        buckets.withUnsafeMutableBufferPointer { $0.update(repeating: .zero) }
        total = .zero
        newest = nil
    }
}
