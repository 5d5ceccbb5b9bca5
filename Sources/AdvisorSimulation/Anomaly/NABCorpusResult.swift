import Foundation

/// A corpus scored under NAB's three profiles: at a detector's own threshold and at the one NAB's sweep picks.
public struct NABCorpusResult: Sendable, Encodable {
    /// One profile's result.
    public struct Profile: Sendable, Encodable {
        public var profile: String
        /// The normalised score at the detector's threshold (null detector 0, perfect 100).
        public var normalized: Double
        /// The raw corpus score at the detector's threshold.
        public var raw: Double
        /// The threshold NAB's sweep finds best for this corpus, and the normalised score there.
        public var sweptThreshold: Double
        public var sweptNormalized: Double
        /// Each file's score and counts at the detector's threshold.
        public var files: [NABFileScore]

        enum CodingKeys: String, CodingKey {
            case profile, normalized, raw, files
            case sweptThreshold = "swept_threshold"
            case sweptNormalized = "swept_normalized"
        }
    }

    /// The detector's threshold the scores are taken at.
    public var threshold: Double
    /// Standard, reward-low-FP, reward-low-FN, in NAB's order.
    public var profiles: [Profile]

    public init(corpus: [NABSeries], threshold: Double, scorer: NABScorer = NABScorer()) {
        self.threshold = threshold
        profiles = NABProfile.all.map { profile in
            let files = corpus.map { scorer.score($0, threshold: threshold, profile: profile) }
            let raw = files.reduce(0) { $0 + $1.score }
            let swept = scorer.bestThreshold(corpus, profile: profile)
            return Profile(
                profile: profile.name, normalized: scorer.normalized(rawScore: raw, corpus: corpus, profile: profile), raw: raw,
                sweptThreshold: swept.threshold,
                sweptNormalized: scorer.normalized(rawScore: swept.score, corpus: corpus, profile: profile), files: files)
        }
    }

    /// A plain-text summary: one line per profile.
    public func table() -> String {
        var lines = ["profile              NAB score at \(threshold)   best swept threshold   NAB score there"]
        for profile in profiles {
            lines.append(
                String(
                    format: "%-20@ %-22.2f %-22.4f %.2f", profile.profile as NSString, profile.normalized, profile.sweptThreshold,
                    profile.sweptNormalized))
        }
        return lines.joined(separator: "\n")
    }
}
