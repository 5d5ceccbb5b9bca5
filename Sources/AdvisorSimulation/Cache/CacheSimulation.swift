public import AdvisorCache
public import AdvisorLearning
import Foundation

/// `advisor simulate cache`: every chosen policy, at every size, over the same requests.
///
/// By default the first half of the trace trains the models and warms every cache; only the
/// second half is counted. Learned and baseline policies see exactly the same requests.
public struct CacheSimulation {
    /// Every policy name the replay accepts: the baselines, then `learned`.
    public static let policyNames = BaselinePolicy.allCases.map(\.rawValue) + ["learned"]

    /// One policy as named on the command line: a baseline or `learned`, optionally `+prefetch`.
    public struct PolicyChoice: Sendable, Hashable, CustomStringConvertible {
        public var name: String
        public var prefetch: Bool

        /// Parses `lru`, `learned`, `learned+prefetch`, `s3fifo+prefetch`…
        public init?(_ text: String) {
            let parts = text.lowercased().split(separator: "+", omittingEmptySubsequences: false)
            guard let first = parts.first, parts.count <= 2, parts.count == 1 || parts[1] == "prefetch" else { return nil }
            let base = String(first)
            guard CacheSimulation.policyNames.contains(base) else { return nil }
            name = base
            prefetch = parts.count == 2
        }

        public var isLearned: Bool { name == "learned" }
        public var description: String { prefetch ? "\(name)+prefetch" : name }
    }

    /// How entries expire.
    public enum TTLChoice: Sendable, Hashable {
        /// A fixed TTL, in seconds when the trace has timestamps, else in requests.
        case fixed(Double)
        /// Per-entry TTLs from the reuse model, swept over multipliers beside a sweep of fixed TTLs.
        case adaptive
    }

    public struct Options: Sendable {
        public var policies: [PolicyChoice]
        public var sizes: [SizeChoice]
        public var unit: CapacityUnit = .objects
        /// Share of the trace (from the start) that trains models and warms caches, uncounted.
        public var trainFraction = 0.5
        public var ttl: TTLChoice?
        /// A folder holding `cache-eviction.json` (and optionally `cache-reuse.json`, `cache-prefetch.json`)
        /// to use instead of training.
        public var modelDirectory: String?
        /// Main-queue candidates the learned policy scores per eviction.
        public var candidates = 8
        /// Whether the learned policy refits its model online on the requests it has served.
        public var learnsOnline = true
        /// Replays of each policy; the fastest sets `requests_per_second` (the counts are identical).
        public var repeats = 1

        public init(policies: [PolicyChoice], sizes: [SizeChoice]) {
            self.policies = policies
            self.sizes = sizes
        }
    }

    /// One row of the report.
    public struct Result: Sendable, Codable {
        public var policy: String
        public var size: String
        public var capacity: Int
        public var unit: String
        public var requests: Int
        public var missRatio: Double
        public var byteMissRatio: Double
        public var requestsPerSecond: Double
        /// Backend fetches per counted request: demand misses plus prefetches.
        public var fetchesPerRequest: Double
        /// Share of the best heuristic's gap to Belady that this policy closes (negative: it
        /// widens it); nil unless `belady` and a heuristic ran at this size.
        public var beladyGapClosed: Double?
        /// The learned policy's online refits, and evictions where it overruled S3-FIFO.
        public var refits: Int?
        public var overrides: Int?
        public var prefetch: PrefetchFigures?
        public var ttl: TTLFigures?

        enum CodingKeys: String, CodingKey {
            case policy, size, capacity, unit, requests, ttl, prefetch, refits, overrides
            case fetchesPerRequest = "fetches_per_request"
            case beladyGapClosed = "belady_gap_closed"
            case missRatio = "miss_ratio"
            case byteMissRatio = "byte_miss_ratio"
            case requestsPerSecond = "requests_per_second"
        }
    }

    public struct PrefetchFigures: Sendable, Codable {
        /// Objects loaded ahead: extra backend fetches.
        public var fetches: Int
        public var used: Int
        public var wasted: Int
        /// used / fetches.
        public var precision: Double
        /// Share of the same policy's misses (without prefetching) that prefetching removed.
        public var coverage: Double?
        /// fetches / counted requests.
        public var extraFetchesPerRequest: Double

        enum CodingKeys: String, CodingKey {
            case fetches, used, wasted, precision, coverage
            case extraFetchesPerRequest = "extra_fetches_per_request"
        }
    }

    public struct TTLFigures: Sendable, Codable {
        /// `adaptive×M` or the fixed TTL in clock units.
        public var rule: String
        public var hitRatio: Double
        public var meanResidentObjects: Double
        /// Objects × seconds held (× requests when the trace has no timestamps).
        public var objectTime: Double
        public var timeUnit: String
        public var expirations: Int

        enum CodingKeys: String, CodingKey {
            case rule, expirations
            case hitRatio = "hit_ratio"
            case meanResidentObjects = "mean_resident_objects"
            case objectTime = "object_time"
            case timeUnit = "time_unit"
        }
    }

    public struct Report: Sendable, Codable {
        public var trace: String
        public var format: String
        public var requests: Int
        public var uniqueObjects: Int
        public var warmupRequests: Int
        public var countedRequests: Int
        public var note: String
        public var models: [ModelSummary]
        public var results: [Result]

        enum CodingKeys: String, CodingKey {
            case trace, format, requests, note, models, results
            case uniqueObjects = "unique_objects"
            case warmupRequests = "warmup_requests"
            case countedRequests = "counted_requests"
        }
    }

    public struct ModelSummary: Sendable, Codable {
        public var name: String
        public var size: String
        public var trainingRows: Int
        public var holdout: [String: Double]
        public var baseline: [String: Double]

        enum CodingKeys: String, CodingKey {
            case name, size, holdout, baseline
            case trainingRows = "training_rows"
        }
    }
}
