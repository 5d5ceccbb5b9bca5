/// The situations the balancing replay puts policies in, each built from the recording.
public enum BalanceScenario: String, CaseIterable, Sendable, Codable {
    /// Every simulated backend serves like the recording's fastest backend (independent draws each).
    case homogeneous
    /// Simulated backends cycle through the recorded backends other than the bursty one: capacity
    /// differs as much as their recorded service times do (on the embedded recording the CPU-contended
    /// redis-1 serves about 6× slower than redis-0 and redis-2).
    case heterogeneous
    /// Like `homogeneous`, except that backend 0 serves like the recorded backend with the strongest
    /// slow burst, at its recorded times (redis-3, 81–117 s, on the embedded recording).
    case slowReplica = "slow-replica"
    /// The `heterogeneous` backends under load rising linearly from the target load to twice it
    /// (0.7 → 1.4 × capacity by default).
    case ramp
    /// Identical backends that serve like the recorded backend with the heaviest tail (largest p99.9 over
    /// median, the bursty one aside; on the embedded recording redis-0, median 0.24 ms, p99.9 8.0 ms),
    /// serving 8 requests at once (`defaultConcurrency`): a stalled request holds one slot while the others
    /// keep serving, so the tail is made of stalls, which a backup elsewhere can overtake. Rows compare
    /// hedging rules.
    case stalls
    /// The `heterogeneous` backends under a load step: `--load` for the first third of the window,
    /// twice it (1.4 × capacity by default) for the second, `--load` again for the last. Rows compare
    /// concurrency limiters.
    case overload

    /// Requests each backend serves at once unless `--concurrency` says otherwise: one (a redis-server runs one
    /// command at a time), except in `stalls`, where backends serve 8 at once, as many as the connections the
    /// recording's client kept open per backend.
    ///
    /// With one slot, everything queued behind a stall is late at once, and the recorded arrival bursts queue
    /// every backend alike: on the embedded recording, the requests over p2c's p99.9 had a median of 19 requests
    /// in flight where they went and 17 where their backup went, and a third of them found the backup budget spent.
    /// No backup rule can halve that tail; with 8 slots the tail is the stalls themselves, hedging's case.
    public var defaultConcurrency: Int {
        self == .stalls ? 8 : 1
    }

    /// One line for help and reports.
    public var summary: String {
        switch self {
        case .homogeneous: "identical backends (the fastest recorded one)"
        case .heterogeneous: "backends cycle through the recorded ones except the bursty one"
        case .slowReplica: "identical backends but one, which turns slow for its recorded burst"
        case .ramp: "heterogeneous backends, load rising linearly from --load to 2 × --load"
        case .stalls: "identical backends like the recorded one with the heaviest tail, 8 slots each; rows by hedging rule"
        case .overload: "heterogeneous backends, load stepping from --load to 2 × --load and back; rows by limiter"
        }
    }
}
