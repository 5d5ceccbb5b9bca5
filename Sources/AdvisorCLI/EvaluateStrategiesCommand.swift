import AdvisorInput
import AdvisorSimulation
import AdvisorTraces
import AdvisorTraining
import ArgumentParser
import Foundation

struct EvaluateStrategiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategies",
        abstract: "Pick the serving model per request by predicted latency and success, against always-one and random.",
        discussion: """
            Reads the Alibaba GenAI request log (lora_request_trace.csv): the strategy is the checkpoint \
            model that served the request, the outcome its execution time and status. Per strategy (the most \
            used on the training part), fits latency (ridge on log time) and success (logistic) on the \
            request's parameters, then replays on the later part: the selector, the strategy best on \
            training and a uniform random choice, each scored on the requests where its pick matches the \
            recorded model.

              advisor evaluate strategies \\
                  ../shared/datasets/alibaba-genai-serving-2026/lora_request_trace.csv
            """)

    @Argument(help: "The request log, CSV with a header, optionally .gz.", completion: .file(extensions: ["csv", "gz"]))
    var file: String

    @Option(help: "Strategies considered: the most used on the training part.")
    var strategies: Int = 8

    @Option(help: "Fraction of the log, at the end, held out for scoring.")
    var holdout: Double = 0.2

    @Option(help: "The selector's exploration rate.")
    var exploration: Double = 0.05

    @Option(help: "Seed of the exploration and the random policy.")
    var seed: UInt64 = 20_241_115

    @Flag(help: "Print one JSON object with the results on stdout.")
    var json = false

    func validate() throws {
        guard strategies >= 2 else { throw ValidationError("--strategies must be at least 2") }
        guard holdout > 0, holdout < 1 else { throw ValidationError("--holdout must be between 0 and 1 (exclusive), not \(holdout)") }
        guard exploration >= 0, exploration <= 1 else { throw ValidationError("--exploration must lie in [0, 1]") }
    }

    func run() throws {
        let log = try GenAIRequestLog.read(try InputBuffer.open(path: file))
        var options = StrategyEvaluation.Options()
        options.strategyCount = strategies
        options.holdoutFraction = holdout
        options.exploration = exploration
        options.seed = seed
        let report = try StrategyEvaluation.evaluate(log, source: file, options: options)
        if json {
            try Console.printJSON(report)
        } else {
            print(Self.summary(report))
        }
    }

    static func summary(_ report: StrategyEvaluation.Report) -> String {
        var lines = [
            "request log \(report.source): \(report.rows) finished requests (\(report.skippedRows) skipped); fitted on the first \(report.trainRows), \(report.holdoutRows) hold-out requests on the strategies considered",
            "features: \(report.features.joined(separator: ", "))",
            "",
        ]
        var strategyRows = [["strategy", "train", "hold-out", "mean s", "success", "latency model", "training mean", "success model"]]
        for strategy in report.strategies {
            strategyRows.append([
                strategy.name, String(strategy.trainRows), String(strategy.holdoutRows),
                String(format: "%.1f", strategy.holdoutMeanLatency / 1000),
                String(format: "%.3f", strategy.holdoutSuccessRate),
                Console.metrics(strategy.latencyMetrics.filter { ["r2", "mae"].contains($0.key) }),
                Console.metrics(strategy.baselineMetrics.filter { ["r2", "mae"].contains($0.key) }), strategy.successModel,
            ])
        }
        lines.append(Console.table(strategyRows))
        lines.append("")
        var policyRows = [["policy", "matched", "mean s", "success", "time to success s", "picks"]]
        for policy in [report.recorded] + report.policies {
            policyRows.append([
                policy.policy, String(policy.matched), String(format: "%.2f", policy.meanLatency / 1000),
                String(format: "%.4f", policy.successRate),
                String(format: "%.2f", policy.expectedTimeToSuccess / 1000),
                policy.picks.sorted { $0.value > $1.value }.prefix(4).map { "\($0.key) \($0.value)" }.joined(separator: ", "),
            ])
        }
        lines.append(Console.table(policyRows))
        lines += report.notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }
}
