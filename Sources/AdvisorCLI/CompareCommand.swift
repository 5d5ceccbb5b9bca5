import AdvisorSimulation
import ArgumentParser
import Foundation

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two benchmark runs metric by metric on their raw samples.",
        discussion: """
            Reads hyperfine --export-json files, ordo-one/benchmark jmh exports, or advisor JSON carrying \
            "samples". For each metric in both runs: medians, the candidate/baseline ratio of medians with a \
            bootstrap 95% interval, Mann-Whitney U and Welch p-values, Cohen's d and Hedges' g, MAD outliers. \
            A metric changed only when its Holm-adjusted Mann-Whitney p-value is below --alpha and the whole \
            interval lies outside 1 ± --noise; lower is better.

              advisor compare before.json after.json
              advisor compare before.json after.json --noise 0.05 --json

            Exit status: 0 no change, 2 a regression, 4 improvements only.
            """)

    @Argument(help: "The baseline run's export.", completion: .file(extensions: ["json"]))
    var baseline: String

    @Argument(help: "The candidate run's export.", completion: .file(extensions: ["json"]))
    var candidate: String

    @Option(help: "Significance level after Holm's correction.")
    var alpha = 0.05

    @Option(help: "Half-width of the no-change band around a ratio of 1 (0.02 = ±2%).")
    var noise = 0.02

    @Option(help: "Bootstrap resamples for the ratio's interval.")
    var resamples = 10_000

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard alpha > 0, alpha < 1 else { throw ValidationError("--alpha must lie in (0, 1), not \(alpha)") }
        guard noise >= 0, noise < 1 else { throw ValidationError("--noise must lie in [0, 1), not \(noise)") }
        guard resamples >= 100 else { throw ValidationError("--resamples must be at least 100, not \(resamples)") }
    }

    func run() throws {
        let before = try BenchmarkSamples.read(path: baseline)
        let after = try BenchmarkSamples.read(path: candidate)
        let comparisons = MetricComparison.compareAll(
            baseline: before.samplesByMetric, candidate: after.samplesByMetric, alpha: alpha, noise: noise, resamples: resamples)
        guard !comparisons.isEmpty else {
            throw ValidationError("\(baseline) and \(candidate) share no metric name")
        }
        if json {
            try Console.printJSON(Output(baseline: baseline, candidate: candidate, alpha: alpha, noise: noise, metrics: comparisons))
        } else {
            var rows = [["metric", "baseline median", "candidate median", "ratio [95% CI]", "MW p (Holm)", "Welch p", "g", "verdict"]]
            for c in comparisons {
                rows.append([
                    c.metric, String(format: "%.6g", c.baseline.median), String(format: "%.6g", c.candidate.median),
                    String(format: "%.4f [%.4f, %.4f]", c.ratio, c.ratioLower, c.ratioUpper),
                    String(format: "%.3g", c.adjustedPValue), String(format: "%.3g", c.welch.pValue), String(format: "%.2f", c.hedgesG),
                    c.verdict.rawValue,
                ])
            }
            try Console.print(Console.table(rows))
            for warning in comparisons.flatMap({ c in c.warnings.map { "\(c.metric): \($0)" } }) {
                try Console.print("warning: \(warning)")
            }
        }
        try Console.finish()
        if comparisons.contains(where: { $0.verdict == .regression }) { throw ExitCode(2) }
        if comparisons.contains(where: { $0.verdict == .improvement }) { throw ExitCode(4) }
    }

    struct Output: Encodable {
        var baseline: String
        var candidate: String
        var alpha: Double
        var noise: Double
        var metrics: [MetricComparison]
    }
}
