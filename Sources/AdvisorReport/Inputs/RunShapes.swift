/// The fields of `advisor simulate cache --json` the cache pictures and advice read.
package struct CacheRun: Decodable, Sendable {
    package struct Row: Decodable, Sendable {
        package struct TTL: Decodable, Sendable {
            package var rule: String
            package var hitRatio: Double
            package var meanResidentObjects: Double
            /// What a fixed rule's number counts: seconds, or requests when the trace has no timestamps.
            package var timeUnit: String

            enum CodingKeys: String, CodingKey {
                case rule
                case timeUnit = "time_unit"
                case hitRatio = "hit_ratio"
                case meanResidentObjects = "mean_resident_objects"
            }
        }

        package var policy: String
        package var size: String
        package var capacity: Int
        package var unit: String
        package var missRatio: Double
        package var fetchesPerRequest: Double
        package var ttl: TTL?

        enum CodingKeys: String, CodingKey {
            case policy, size, capacity, unit, ttl
            case missRatio = "miss_ratio"
            case fetchesPerRequest = "fetches_per_request"
        }
    }

    package var trace: String
    package var requests: Int
    package var uniqueObjects: Int
    package var countedRequests: Int
    package var note: String
    package var results: [Row]

    enum CodingKeys: String, CodingKey {
        case trace, requests, note, results
        case uniqueObjects = "unique_objects"
        case countedRequests = "counted_requests"
    }
}

/// The fields of `advisor simulate balance --json` the latency pictures read.
package struct BalanceRun: Decodable, Sendable {
    package struct Row: Decodable, Sendable {
        package struct Distribution: Decodable, Sendable {
            package var quantiles: [Double]
            package var ms: [Double]
        }

        package struct OverTime: Decodable, Sendable {
            package var seconds: [Double]
            package var p99Ms: [Double]

            enum CodingKeys: String, CodingKey {
                case seconds
                case p99Ms = "p99_ms"
            }
        }

        package var scenario: String
        package var policy: String
        package var hedging: String?
        package var limiter: String?
        package var p99Ms: Double
        package var latencyCDF: Distribution?
        package var p99OverTime: OverTime?

        enum CodingKeys: String, CodingKey {
            case scenario, policy, hedging, limiter
            case p99Ms = "p99_ms"
            case latencyCDF = "latency_cdf"
            case p99OverTime = "p99_over_time"
        }

        /// The row's name in a legend: the policy, and the client control it ran behind when there is one.
        package var label: String {
            [policy, hedging.map { "hedging \($0)" }, limiter.map { "limiter \($0)" }].compactMap { $0 }.joined(separator: ", ")
        }
    }

    package var recording: String
    package var results: [Row]
}

/// The fields of `advisor evaluate timeouts --json` the timeout picture reads.
package struct TimeoutRun: Decodable, Sendable {
    package struct Outcome: Decodable, Sendable {
        package var rate: Double
        package var meanTimeout: Double
    }

    package struct Target: Decodable, Sendable {
        package var targetRate: Double
        package var advisor: Outcome
        package var uncalibrated: Outcome
        package var staticTraining: Outcome
        package var perBackendTraining: Outcome
        package var staticAtAdvisorRate: Outcome
    }

    package var source: String
    package var holdoutRows: Int
    package var results: [Target]
}

/// The fields of `advisor detect --json` (one series) or `advisor detect --score … --json` (a labelled corpus).
package struct AnomalyRun: Decodable, Sendable {
    package struct Window: Decodable, Sendable {
        package var start: String
        package var end: String
        package var firstRow: Int?
        package var lastRow: Int?
    }

    package struct File: Decodable, Sendable {
        package var file: String
        package var column: String
        package var rows: Int
        package var threshold: Double
        package var flagged: [Window]
        package var scores: [Double]?
        /// Labelled anomaly windows as row ranges `[first, last]` (scored runs only).
        package var labelled: [[Int]]?
    }

    package var files: [File]
    package var standard: Double?
    package var rewardLowFalsePositives: Double?
    package var rewardLowFalseNegatives: Double?

    enum CodingKeys: String, CodingKey {
        case files
        case standard = "nab_standard"
        case rewardLowFalsePositives = "nab_reward_low_fp"
        case rewardLowFalseNegatives = "nab_reward_low_fn"
    }

    init(single: File) {
        files = [single]
    }
}

/// The fields of `advisor compare --json` the interval picture reads.
package struct CompareRun: Decodable, Sendable {
    package struct Metric: Decodable, Sendable {
        package var metric: String
        package var ratio: Double
        package var lower: Double
        package var upper: Double
        package var verdict: String

        enum CodingKeys: String, CodingKey {
            case metric, ratio, verdict
            case lower = "ratio_ci_lower"
            case upper = "ratio_ci_upper"
        }
    }

    package var baseline: String
    package var candidate: String
    package var noise: Double
    package var metrics: [Metric]
}
