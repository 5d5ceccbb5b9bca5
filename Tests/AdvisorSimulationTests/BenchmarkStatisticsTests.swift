import AdvisorSimulation
import AdvisorTestSupport
import Foundation
import Testing

/// `advisor compare`'s statistics on real hyperfine samples, against SciPy (Tests/Reference/make_compare_reference.py).
struct BenchmarkStatisticsTests {
    static let fixtures = SharedData.repository.appendingPathComponent("Tests/AdvisorSimulationTests/Fixtures")

    static func reference() throws -> [String: Any] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("compare-reference.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func close(_ actual: Double, _ expected: Double, relative: Double = 1e-9) -> Bool {
        abs(actual - expected) <= relative * max(abs(expected), 1e-300)
    }

    @Test func everyStatisticMatchesSciPyOnRealHyperfineSamples() throws {
        let baseline = try BenchmarkSamples.read(path: Self.fixtures.appendingPathComponent("compare-baseline.json").path)
        let candidate = try BenchmarkSamples.read(path: Self.fixtures.appendingPathComponent("compare-candidate.json").path)
        #expect(baseline.format == .hyperfine)
        let comparisons = MetricComparison.compareAll(baseline: baseline.samplesByMetric, candidate: candidate.samplesByMetric)
        let metrics = try #require(try Self.reference()["metrics"] as? [String: [String: Double]])
        #expect(comparisons.map(\.metric) == metrics.keys.sorted())
        for comparison in comparisons {
            let expected = try #require(metrics[comparison.metric])
            let pairs: [(String, Double)] = [
                ("baseline_median", comparison.baseline.median), ("candidate_median", comparison.candidate.median),
                ("ratio", comparison.ratio), ("ratio_ci_lower", comparison.ratioLower), ("ratio_ci_upper", comparison.ratioUpper),
                ("mann_whitney_u", comparison.mannWhitney.statistic), ("mann_whitney_p", comparison.mannWhitney.pValue),
                ("welch_t", comparison.welch.statistic), ("welch_p", comparison.welch.pValue), ("cohens_d", comparison.cohensD),
                ("hedges_g", comparison.hedgesG), ("holm_p", comparison.adjustedPValue),
                ("baseline_outliers", Double(comparison.baseline.outliers)),
                ("candidate_outliers", Double(comparison.candidate.outliers)),
            ]
            for (name, value) in pairs {
                let want = try #require(expected[name])
                #expect(Self.close(value, want), "\(comparison.metric).\(name): \(value) vs SciPy \(want)")
            }
        }
        // A 4x larger workload is a regression; --help in both runs is not a change.
        #expect(comparisons.first { $0.metric == "detect" }?.verdict == .regression)
        #expect(comparisons.first { $0.metric == "help" }?.verdict == .same)
    }

    @Test func theExactMannWhitneyBranchMatchesSciPy() throws {
        let baseline = try BenchmarkSamples.read(path: Self.fixtures.appendingPathComponent("compare-baseline.json").path)
        let candidate = try BenchmarkSamples.read(path: Self.fixtures.appendingPathComponent("compare-candidate.json").path)
        let result = HypothesisTests.mannWhitney(
            Array(candidate.samplesByMetric["help"]!.prefix(7)), Array(baseline.samplesByMetric["help"]!.prefix(6)))
        let expected = try #require(try Self.reference()["exact_mann_whitney"] as? [String: Double])
        #expect(Self.close(result.statistic, expected["u"]!))
        #expect(Self.close(result.pValue, expected["p"]!))
    }

    @Test func holmAdjustsStepDownAndKeepsTheOrder() {
        #expect(HypothesisTests.holm([0.01, 0.04, 0.03]) == [0.03, 0.06, 0.06])
    }
}
