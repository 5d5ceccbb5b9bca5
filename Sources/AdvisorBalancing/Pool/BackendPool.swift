package import AdvisorSupport

/// The backends a balancer chooses among and everything every policy knows about them.
///
/// Shared by all policy cores: the features (`BackendFeatureTracker`), which backends are in the
/// pool, which are ejected as outliers, and the seeded random generator. Backends are dense
/// indices; a removed backend's index is reused by the next one added. A pool never reads a
/// clock: every event carries its time in seconds.
public struct BackendPool: Sendable {
    /// Per-backend features, fed by `started`/`completed` and by reported server metrics.
    public private(set) var features: BackendFeatureTracker
    /// The policy's randomness; seeded by whoever builds the pool.
    package var random: SeededGenerator
    /// Settings of outlier ejection.
    package let outlierSettings: OutlierSettings

    /// Backends a policy may choose now: in the pool and not ejected, in index order. When every
    /// backend in the pool is ejected, all of them (a request must go somewhere; Envoy calls this panic mode).
    public private(set) var candidates: [Int] = []
    /// `isCandidate[b]` is whether `b` is in `candidates`.
    package private(set) var isCandidate: [Bool] = []
    /// `isActive[b]` is whether `b` is in the pool.
    package private(set) var isActive: [Bool] = []
    var health: [BackendHealth] = []
    /// Earliest time at which an ejected backend returns or a stall sweep is due.
    @usableFromInline var nextHealthEvent = Double.infinity
    /// Number of backends ejected as outliers so far.
    package internal(set) var ejections = 0

    /// An empty pool.
    /// - Parameters:
    ///   - features: the feature tracker (its settings and reported metric names).
    ///   - outliers: when to eject a failing or stalled backend, and for how long.
    ///   - seed: seed of the random generator.
    package init(features: BackendFeatureTracker = BackendFeatureTracker(), outliers: OutlierSettings = OutlierSettings(), seed: UInt64) {
        self.features = features
        self.outlierSettings = outliers
        self.random = SeededGenerator(seed: seed)
        // With the stall rule on, the first refresh sweeps and schedules the next sweep.
        self.nextHealthEvent = outliers.stallSeconds > 0 ? -.infinity : .infinity
    }

    /// A pool holding backends `0..<count`.
    package init(
        backends count: Int, features: BackendFeatureTracker = BackendFeatureTracker(), outliers: OutlierSettings = OutlierSettings(),
        seed: UInt64
    ) {
        self.init(features: features, outliers: outliers, seed: seed)
        for _ in 0..<count { _ = add() }
    }

    /// A uniform random index in `0..<count` from the pool's seeded generator, for a policy's random choices
    /// (`candidates[pool.randomIndex(below: candidates.count)]`).
    public mutating func randomIndex(below count: Int) -> Int {
        count > 0 ? random.index(below: count) : 0
    }

    /// Number of backends in the pool.
    package private(set) var activeCount = 0

    /// Adds a backend and returns its index: the lowest free one.
    /// - Complexity: O(n) (the candidate list is rebuilt).
    package mutating func add() -> Int {
        let index = isActive.firstIndex(of: false) ?? isActive.count
        if index == isActive.count {
            isActive.append(false)
            isCandidate.append(false)
            health.append(BackendHealth())
        }
        features.reserve(index)
        features.reset(index)
        health[index] = BackendHealth()
        isActive[index] = true
        activeCount += 1
        rebuildCandidates()
        return index
    }

    /// Removes `backend` from the pool; its features are forgotten so a newcomer reusing the index starts fresh.
    /// Completions of requests still in flight to it should be dropped by the caller (the runtime does).
    /// - Complexity: O(n).
    package mutating func remove(_ backend: Int) {
        guard backend < isActive.count, isActive[backend] else { return }
        isActive[backend] = false
        activeCount -= 1
        features.reset(backend)
        health[backend] = BackendHealth()
        rebuildCandidates()
    }

    /// Notes a request sent to `backend`.
    @usableFromInline
    package mutating func started(_ backend: Int, at time: Double) {
        features.requestStarted(backend, at: time)
    }

    /// Notes a completed (or failed, or timed-out) request; may eject the backend as an outlier.
    @usableFromInline
    package mutating func completed(_ backend: Int, latency: Double, failed: Bool, at time: Double) {
        features.requestCompleted(backend, latency: latency, failed: failed, at: time)
        guard backend < health.count, isActive[backend] else { return }
        recordOutcome(backend, failed: failed, at: time)
    }

    /// Takes back a request to `backend` that was started but never sent.
    package mutating func withdrawn(_ backend: Int) {
        features.requestWithdrawn(backend)
    }

    /// Records server metrics reported by `backend`, in the tracker's `metricNames` order.
    package mutating func report<Values: Collection<Double>>(_ backend: Int, metrics: Values) {
        features.report(backend, metrics: metrics)
    }

    /// Brings the candidate list up to date at `time`: returns ejected backends whose time is up and
    /// ejects stalled ones. O(1) unless such an event is due.
    /// - Returns: whether there is any candidate.
    @inlinable @discardableResult
    package mutating func refresh(at time: Double) -> Bool {
        if time >= nextHealthEvent { sweep(at: time) }
        return !candidates.isEmpty
    }

    /// Takes `backend` out of `candidates` until the next `rebuildCandidates()`, unless it is the only one.
    /// - Returns: whether it was taken out.
    mutating func setAside(_ backend: Int) -> Bool {
        guard candidates.count > 1, backend < isCandidate.count, isCandidate[backend] else { return false }
        candidates.removeAll { $0 == backend }
        isCandidate[backend] = false
        return true
    }

    mutating func rebuildCandidates() {
        candidates.removeAll(keepingCapacity: true)
        for index in isActive.indices where isActive[index] && health[index].ejectedUntil.isNaN {
            candidates.append(index)
        }
        if candidates.isEmpty {
            for index in isActive.indices where isActive[index] { candidates.append(index) }
        }
        for index in isCandidate.indices { isCandidate[index] = false }
        for index in candidates { isCandidate[index] = true }
    }
}
