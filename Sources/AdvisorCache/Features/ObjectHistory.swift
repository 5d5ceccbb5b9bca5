import AdvisorSupport

/// What a cache knows about each object's past requests, updated in O(1) per request, and the
/// features every cache model reads from it.
///
/// This is the one definition of access features (DESIGN.md: one feature path): the trainer
/// replays a trace through `record` and reads `features(of:at:into:)`, and the learned policy,
/// the TTL advisor and the prefetcher call the same two methods while serving.
///
/// Time is the request counter ("virtual time"): every trace has it, and it keeps features
/// comparable between a quiet night and a busy day.
public struct ObjectHistory: Sendable {
    /// Feature names, in the order `features(of:at:into:)` writes them.
    package static let featureNames: [String] = [
        "log_age", "log_gap_1", "log_gap_2", "log_gap_3", "log_gap_4", "missing_gaps",
        "log_count", "log_decayed_count_fast", "log_decayed_count_slow", "log_size", "log_lifetime",
    ]
    /// Number of features.
    package static var featureCount: Int { featureNames.count }

    /// Half-lives of the decayed request counters, in requests.
    package static let fastHalfLife: Double = 1_000
    package static let slowHalfLife: Double = 100_000
    /// How fast each decayed counter's logarithm falls per request of age: its feature is
    /// `log(count at the last access) − age × rate`, exactly the log of the decayed count.
    package static let fastDecayPerRequest = 0.693_147_180_559_945_3 / fastHalfLife
    package static let slowDecayPerRequest = 0.693_147_180_559_945_3 / slowHalfLife

    struct Entry: Sendable {
        var lastAccess = 0
        var firstAccess = 0
        var count: UInt32 = 0
        var size: UInt32 = 1
        /// Most recent first; only the first `min(count - 1, 4)` are known.
        var gaps: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
        var fast = 0.0
        var slow = 0.0
    }

    private var entries: [Entry]

    /// - Parameter expectedObjects: how many distinct ids to reserve room for.
    package init(expectedObjects: Int = 0) {
        entries = []
        entries.reserveCapacity(expectedObjects)
    }

    /// Whether `id` has been requested at least once since it was last forgotten.
    package func hasHistory(_ id: ObjectID) -> Bool { accessCount(id) > 0 }

    /// Number of requests recorded for `id`.
    public func accessCount(_ id: ObjectID) -> Int {
        Int(id) < entries.count ? Int(entries[Int(id)].count) : 0
    }

    /// Virtual time of the last request for `id` (meaningful when `hasHistory`).
    public func lastAccess(_ id: ObjectID) -> Int {
        Int(id) < entries.count ? entries[Int(id)].lastAccess : 0
    }

    /// Records a request for `id` at virtual time `now` (times must not go backwards).
    /// - Complexity: O(1) amortised.
    @usableFromInline
    package mutating func record(_ id: ObjectID, now: Int, size: UInt32) {
        let index = Int(id)
        if index >= entries.count { grow(to: index + 1) }
        entries.withUnsafeMutableBufferPointer { table in
            let entry = table.baseAddress! + index
            if entry.pointee.count == 0 {
                entry.pointee.firstAccess = now
                entry.pointee.fast = 1
                entry.pointee.slow = 1
            } else {
                let gap = now - entry.pointee.lastAccess
                let g = entry.pointee.gaps
                entry.pointee.gaps = (UInt32(clamping: gap), g.0, g.1, g.2)
                entry.pointee.fast = entry.pointee.fast * FastMath.exp2(-Double(gap) / Self.fastHalfLife) + 1
                entry.pointee.slow = entry.pointee.slow * FastMath.exp2(-Double(gap) / Self.slowHalfLife) + 1
            }
            entry.pointee.count &+= 1
            entry.pointee.lastAccess = now
            entry.pointee.size = size
        }
    }

    /// Writes the features of `id` as they stand at virtual time `now`; an object never requested
    /// reads as one requested once, just now (how a prefetched object starts).
    /// - Parameter features: at least `featureCount` values; the first `featureCount` are overwritten.
    /// - Complexity: O(1).
    package func features(of id: ObjectID, at now: Int, into features: UnsafeMutableBufferPointer<Double>) {
        let age = Double(max(0, now - lastAccess(id)))
        features[0] = FastMath.log1p(age)
        staticFeatures(of: id, into: features)
        features[7] -= age * Self.fastDecayPerRequest
        features[8] -= age * Self.slowDecayPerRequest
    }

    /// The features that do not change while an object waits between requests, with the decayed
    /// counters as they stood at its last access (age 0); `features[0]` is left alone.
    ///
    /// The learned policy scores these once per request and adds the age terms per candidate.
    func staticFeatures(of id: ObjectID, into features: UnsafeMutableBufferPointer<Double>) {
        let entry = Int(id) < entries.count && entries[Int(id)].count > 0 ? entries[Int(id)] : Entry(count: 1, fast: 1, slow: 1)
        let known = min(Int(entry.count) - 1, 4)
        let gaps = entry.gaps
        features[1] = known > 0 ? FastMath.log1p(Double(gaps.0)) : 0
        features[2] = known > 1 ? FastMath.log1p(Double(gaps.1)) : 0
        features[3] = known > 2 ? FastMath.log1p(Double(gaps.2)) : 0
        features[4] = known > 3 ? FastMath.log1p(Double(gaps.3)) : 0
        features[5] = Double(4 - known)
        features[6] = FastMath.log(Double(entry.count))
        features[7] = FastMath.log(entry.fast)
        features[8] = FastMath.log(entry.slow)
        features[9] = FastMath.log1p(Double(entry.size))
        features[10] = FastMath.log1p(Double(entry.lastAccess - entry.firstAccess))
    }

    /// Notes the size `id` was stored with (known only once it is loaded, after its first request).
    @usableFromInline
    package mutating func noteSize(_ id: ObjectID, _ size: UInt32) {
        if Int(id) < entries.count { entries[Int(id)].size = size }
    }

    /// Drops everything known about `id`, so the runtime can reuse the identifier.
    @usableFromInline
    package mutating func forget(_ id: ObjectID) {
        if Int(id) < entries.count { entries[Int(id)] = Entry() }
    }

    /// Grows geometrically, so ids arriving one by one cost amortised O(1).
    private mutating func grow(to count: Int) {
        let target = Swift.max(count, entries.count * 2)
        entries.append(contentsOf: repeatElement(Entry(), count: target - entries.count))
    }
}
