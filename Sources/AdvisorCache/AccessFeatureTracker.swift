import Foundation

/// Online features of cached objects, computed in O(1) per request.
///
/// This is the one place access features are defined: `advisor train` replays a trace through
/// it to build training rows, and the runtime cache calls the same `record` on every request,
/// so a model never sees a feature computed differently from how it was trained.
///
/// Time is counted in requests ("virtual time"), which every trace has; traces with clocks
/// add nothing here that a request count does not already order.
public struct AccessFeatureTracker<Key: Hashable>: Sendable where Key: Sendable {
    /// Feature names, in the order `record` writes them.
    public static var featureNames: [String] {
        (1...gapCount).map { "log_gap_\($0)" } + ["log_age", "log_count", "log_decayed_count_fast", "log_decayed_count_slow", "log_size", "is_write"]
    }

    /// Number of features written by `record`.
    public static var featureCount: Int { gapCount + 6 }

    /// How many past inter-arrival gaps are kept per object.
    static var gapCount: Int { 4 }
    /// Half-lives of the decayed counters, in requests.
    static var fastHalfLife: Double { 1_000 }
    static var slowHalfLife: Double { 100_000 }

    private struct ObjectState: Sendable {
        var lastAccess: Int
        var firstAccess: Int
        var count: Int
        var fast: Double
        var slow: Double
        /// Most recent first.
        var gaps: (Int, Int, Int, Int)
    }

    private var objects: [Key: ObjectState] = [:]
    /// Requests recorded so far: the virtual clock.
    public private(set) var now: Int = 0

    public init() {}

    /// Number of distinct objects seen.
    public var objectCount: Int { objects.count }

    /// Records one request for `key` and writes its features, as they stand after this request.
    /// - Parameters:
    ///   - key: the object requested.
    ///   - size: its size in bytes (1 when the trace has no sizes).
    ///   - isWrite: whether the request writes the object.
    ///   - features: at least `featureCount` values; the first `featureCount` are overwritten.
    /// - Complexity: O(1) amortised (one dictionary lookup).
    public mutating func record(_ key: Key, size: Double, isWrite: Bool, into features: UnsafeMutableBufferPointer<Double>) {
        let time = now
        now += 1
        // A gap never observed is at least as long as the whole history so far: censored, not missing.
        let unseen = time + 1
        var state = objects[key] ?? ObjectState(lastAccess: time, firstAccess: time, count: 0, fast: 0, slow: 0, gaps: (unseen, unseen, unseen, unseen))
        if state.count > 0 {
            let gap = time - state.lastAccess
            state.gaps = (gap, state.gaps.0, state.gaps.1, state.gaps.2)
            let elapsed = Double(gap)
            state.fast *= Self.decay(elapsed, halfLife: Self.fastHalfLife)
            state.slow *= Self.decay(elapsed, halfLife: Self.slowHalfLife)
        }
        state.count += 1
        state.fast += 1
        state.slow += 1
        state.lastAccess = time
        objects[key] = state

        features[0] = Self.log1p(Double(state.count > 1 ? state.gaps.0 : unseen))
        features[1] = Self.log1p(Double(state.count > 2 ? state.gaps.1 : unseen))
        features[2] = Self.log1p(Double(state.count > 3 ? state.gaps.2 : unseen))
        features[3] = Self.log1p(Double(state.count > 4 ? state.gaps.3 : unseen))
        features[4] = Self.log1p(Double(time - state.firstAccess))
        features[5] = Self.log1p(Double(state.count))
        features[6] = Self.log1p(state.fast)
        features[7] = Self.log1p(state.slow)
        features[8] = Self.log1p(max(size, 0))
        features[9] = isWrite ? 1 : 0
    }

    /// Forgets an object (for example when a runtime cache drops it for good), bounding memory.
    public mutating func forget(_ key: Key) {
        objects[key] = nil
    }

    @inline(__always) static func decay(_ elapsed: Double, halfLife: Double) -> Double {
        exp2(-elapsed / halfLife)
    }

    @inline(__always) static func log1p(_ value: Double) -> Double {
        Foundation.log1p(value)
    }
}
