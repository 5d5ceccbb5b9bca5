import AdvisorSupport
import Foundation

/// One metric measured in a baseline and a candidate run, compared on its raw samples.
///
/// The change is the ratio of medians (candidate / baseline), with a percentile-bootstrap 95% interval
/// from resampling each run with replacement. A verdict needs both evidence and size, as criterion.rs
/// decides: the Holm-adjusted Mann-Whitney p-value below α, and the whole interval outside the noise band
/// `1 ± noise`. Lower is better for every metric (times, latencies, bytes).
public struct MetricComparison: Sendable, Encodable {
    public enum Verdict: String, Sendable, Encodable {
        case same, regression, improvement
    }

    public var metric: String
    public var baseline: SampleSummary
    public var candidate: SampleSummary
    /// Candidate median over baseline median.
    public var ratio: Double
    public var ratioLower: Double
    public var ratioUpper: Double
    public var mannWhitney: HypothesisTests.Result
    public var welch: HypothesisTests.Result
    /// Mann-Whitney's p-value after Holm's correction across the compared metrics.
    public var adjustedPValue: Double
    /// (candidate mean − baseline mean) / pooled standard deviation.
    public var cohensD: Double
    /// Cohen's d with the exact small-sample bias correction.
    public var hedgesG: Double
    public var verdict: Verdict
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case metric, baseline, candidate, ratio, verdict, warnings, welch
        case ratioLower = "ratio_ci_lower"
        case ratioUpper = "ratio_ci_upper"
        case mannWhitney = "mann_whitney"
        case adjustedPValue = "holm_p_value"
        case cohensD = "cohens_d"
        case hedgesG = "hedges_g"
    }

    /// Compares one metric; the verdict and adjusted p-value are set by `compareAll`.
    init(metric: String, baseline: [Double], candidate: [Double], resamples: Int, seed: UInt64) {
        self.metric = metric
        self.baseline = SampleSummary(baseline)
        self.candidate = SampleSummary(candidate)
        ratio = self.candidate.median / self.baseline.median
        (ratioLower, ratioUpper) = Self.bootstrapRatio(baseline, candidate, resamples: resamples, seed: seed)
        mannWhitney = HypothesisTests.mannWhitney(candidate, baseline)
        welch = HypothesisTests.welch(candidate, baseline)
        adjustedPValue = mannWhitney.pValue
        let n1 = Double(baseline.count)
        let n2 = Double(candidate.count)
        let pooledVariance =
            ((n1 - 1) * self.baseline.standardDeviation * self.baseline.standardDeviation
                + (n2 - 1) * self.candidate.standardDeviation * self.candidate.standardDeviation) / (n1 + n2 - 2)
        cohensD = (self.candidate.mean - self.baseline.mean) / pooledVariance.squareRoot()
        let degrees = n1 + n2 - 2
        hedgesG = cohensD * Self.biasCorrection(degrees: degrees)
        verdict = .same
        warnings = []
        for (name, summary) in [("baseline", self.baseline), ("candidate", self.candidate)] where summary.count < 10 {
            warnings.append("\(name) has \(summary.count) samples: too few for a reliable verdict (10 or more)")
        }
    }

    /// Hedges' exact correction `J = Γ(ν/2) / (√(ν/2)·Γ((ν−1)/2))`.
    static func biasCorrection(degrees: Double) -> Double {
        guard degrees > 1 else { return .nan }
        return exp(lgamma(degrees / 2) - lgamma((degrees - 1) / 2)) / (degrees / 2).squareRoot()
    }

    /// The 2.5% and 97.5% percentiles of the ratio of medians over `resamples` bootstrap resamples.
    ///
    /// Each resample draws, with replacement, as many baseline and candidate samples as each run holds,
    /// using `SeededGenerator(seed:)`: baseline indices first, then candidate indices, resample after resample.
    static func bootstrapRatio(_ baseline: [Double], _ candidate: [Double], resamples: Int, seed: UInt64) -> (Double, Double) {
        var generator = SeededGenerator(seed: seed)
        var ratios: [Double] = []
        ratios.reserveCapacity(resamples)
        var left = [Double](repeating: 0, count: baseline.count)
        var right = [Double](repeating: 0, count: candidate.count)
        for _ in 0..<resamples {
            for index in left.indices { left[index] = baseline[generator.index(below: baseline.count)] }
            for index in right.indices { right[index] = candidate[generator.index(below: candidate.count)] }
            ratios.append(SampleSummary.median(right) / SampleSummary.median(left))
        }
        ratios.sort()
        return (EmpiricalQuantile.value(0.025, sorted: ratios), EmpiricalQuantile.value(0.975, sorted: ratios))
    }

    /// Compares every metric present in both runs, applies Holm's correction and decides each verdict.
    /// - Parameters:
    ///   - alpha: the significance level after correction.
    ///   - noise: the half-width of the band around a ratio of 1 that counts as no change (0.02 = ±2%).
    public static func compareAll(
        baseline: [String: [Double]], candidate: [String: [Double]], alpha: Double = 0.05, noise: Double = 0.02,
        resamples: Int = 10_000, seed: UInt64 = 42
    ) -> [MetricComparison] {
        let names = baseline.keys.filter { candidate[$0] != nil }.sorted()
        var comparisons = names.map { name in
            MetricComparison(metric: name, baseline: baseline[name]!, candidate: candidate[name]!, resamples: resamples, seed: seed)
        }
        let adjusted = HypothesisTests.holm(comparisons.map(\.mannWhitney.pValue))
        for index in comparisons.indices {
            comparisons[index].adjustedPValue = adjusted[index]
            let comparison = comparisons[index]
            guard comparison.adjustedPValue < alpha else { continue }
            if comparison.ratioLower > 1 + noise {
                comparisons[index].verdict = .regression
            } else if comparison.ratioUpper < 1 - noise {
                comparisons[index].verdict = .improvement
            }
        }
        return comparisons
    }
}
