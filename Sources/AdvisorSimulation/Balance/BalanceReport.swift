public import AdvisorBalancing

/// Everything one `advisor simulate balance` run measured, ready for a table or JSON.
public struct BalanceReport: Codable, Sendable {
    /// One policy on one scenario.
    public struct Result: Codable, Sendable {
        public var scenario: BalanceScenario
        package var policy: BalancingPolicyName
        /// Requests sent (the same arrivals for every policy of a scenario).
        public var requests: Int
        public var p50: Double
        public var p90: Double
        public var p99: Double
        public var p999: Double
        public var mean: Double
        /// Requests not answered within the timeout (their latency counts as the timeout).
        public var timeouts: Int
        /// Requests answered within the timeout per second of simulated time.
        public var goodput: Double
        /// Fraction of requests answered within the timeout.
        public var successFraction: Double
        /// Backends ejected as outliers during the run.
        public var ejections: Int
        /// Wall time of the run per request (ns): simulation and every policy decision, model scoring included.
        public var nanosecondsPerRequest: Double
        /// Share of the requests sent to each simulated backend.
        public var backendShare: [Double]
        /// `stalls` rows: when backups were sent.
        public var hedging: HedgingMode?
        /// `stalls` rows: backup copies sent per request (this replay makes no retries, so that is all the extra load).
        public var extraLoad: Double?
        /// `stalls` rows: losing copies cancelled while still queued, so never served (losers already in service run to the end).
        public var cancelled: Int?
        /// `overload` rows: the client's concurrency limiter.
        public var limiter: LimiterMode?
        /// `overload` rows: requests the limiter rejected at once (not counted in the latency percentiles).
        public var rejected: Int?
        /// `overload` rows: goodput of the requests that arrived during the load step.
        public var stepGoodput: Double?
        /// `overload` rows: the p99 of admitted requests the step settled at (ms).
        public var stepStableP99: Double?
        /// `overload` rows: seconds from the step until the per-second p99 stays within a factor of 1.5 of where it settles.
        public var secondsToStableP99: Double?
        /// The latency distribution at fixed quantiles (for a CDF).
        package var latencyCDF: LatencyCDF?
        /// The p99 over the replayed window, stretch by stretch.
        package var p99OverTime: LatencyOverTime?

        enum CodingKeys: String, CodingKey {
            case scenario, policy, requests, mean, timeouts, goodput, ejections, hedging, limiter, rejected, cancelled
            case p50 = "p50_ms"
            case p90 = "p90_ms"
            case p99 = "p99_ms"
            case p999 = "p999_ms"
            case successFraction = "success_fraction"
            case nanosecondsPerRequest = "replay_ns_per_request"
            case backendShare = "backend_share"
            case extraLoad = "extra_load"
            case stepGoodput = "step_goodput"
            case stepStableP99 = "step_stable_p99_ms"
            case secondsToStableP99 = "seconds_to_stable_p99"
            case latencyCDF = "latency_cdf"
            case p99OverTime = "p99_over_time"
        }

        /// Adds what the client's control did to a `stalls` or `overload` row.
        mutating func describe(_ control: ClientControl, _ outcome: ClusterSimulation.Outcome, requests: Int) {
            hedging = control.hedging
            limiter = control.limiting
            if control.hedging != nil {
                extraLoad = Double(outcome.backups) / Double(max(1, requests))
                cancelled = outcome.cancelled
            }
            if control.limiting != nil { rejected = outcome.rejected }
        }

        /// Adds how the row fared during the load step.
        mutating func describeStep(_ step: StepResponse) {
            stepGoodput = step.goodput
            stepStableP99 = step.stableP99
            secondsToStableP99 = step.secondsToStableP99
        }
    }

    /// How a scenario was built on the recording.
    public struct Scenario: Codable, Sendable {
        public var name: BalanceScenario
        public var summary: String
        /// Recorded backend each simulated backend serves like.
        public var backends: [String]
        /// Requests each backend serves at once.
        public var concurrency: Int
        /// Requests per second the backends can serve in the replay window.
        public var capacity: Double
        /// Mean arrival rate (requests per second) over the replay window.
        public var rate: Double
        /// Recorded time replayed (s).
        public var window: [Double]
        /// The predicted policy's model: how it was trained and how it did on its own hold-out.
        public var model: ModelSummary?
        /// The model of the control rows: the mean model that routes predicted hedging's backups (`stalls`) or
        /// drives the predicted limiter (`overload`).
        public var controlModels: [ModelSummary] = []

        enum CodingKeys: String, CodingKey {
            case name, summary, backends, concurrency, capacity, rate, window, model
            case controlModels = "control_models"
        }
    }

    /// The latency model the predicted policy used in a scenario.
    public struct ModelSummary: Codable, Sendable {
        public var name: String
        public var trainedOn: String
        public var features: [String]
        /// Hold-out metrics of the model and of its naive baseline (EWMA latency), as `advisor train` reports them.
        public var holdout: [String: Double]?
        public var baseline: [String: Double]?

        enum CodingKeys: String, CodingKey {
            case name, features, holdout, baseline
            case trainedOn = "trained_on"
        }
    }

    /// The recording the service times and arrivals come from.
    public var recording: String
    public var settings: [String: String]
    public var scenarios: [Scenario]
    public var results: [Result]
}
