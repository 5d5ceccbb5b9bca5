public import AdvisorBalancing

/// Everything one `advisor simulate balance` run measured, ready for a table or JSON.
public struct BalanceReport: Codable, Sendable {
    /// One policy on one scenario.
    public struct Result: Codable, Sendable {
        public var scenario: BalanceScenario
        public var policy: BalancingPolicyName
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

        enum CodingKeys: String, CodingKey {
            case scenario, policy, requests, mean, timeouts, goodput, ejections
            case p50 = "p50_ms", p90 = "p90_ms", p99 = "p99_ms", p999 = "p999_ms", successFraction = "success_fraction"
            case nanosecondsPerRequest = "replay_ns_per_request", backendShare = "backend_share"
        }
    }

    /// How a scenario was built on the recording.
    public struct Scenario: Codable, Sendable {
        public var name: BalanceScenario
        public var summary: String
        /// Recorded backend each simulated backend serves like.
        public var backends: [String]
        /// Requests per second the backends can serve in the replay window.
        public var capacity: Double
        /// Mean arrival rate (requests per second) over the replay window.
        public var rate: Double
        /// Recorded time replayed (s).
        public var window: [Double]
        /// The predicted policy's model: how it was trained and how it did on its own hold-out.
        public var model: ModelSummary?
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
