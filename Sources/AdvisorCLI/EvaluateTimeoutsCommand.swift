import AdvisorBalancing
import AdvisorInput
import AdvisorSimulation
import AdvisorTraces
import AdvisorTraining
import ArgumentParser
import Foundation

struct EvaluateTimeoutsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeouts",
        abstract: "Per-request timeouts from predicted latency quantiles, against static percentile timeouts.",
        discussion: """
            Fits latency quantile models (as advisor train does) on the first part of a request trace, \
            then runs the timeout advisor over the trace in send order: each request's timeout is the \
            model's quantile for it, corrected online so that the share of false timeouts (latency above \
            the timeout) stays at the target. Scored on the hold-out beside the static percentile of the \
            training latencies, a per-backend static percentile, and the single static timeout that gives \
            the advisor's realised rate on the hold-out itself.

              advisor evaluate timeouts                       # the embedded recording
              advisor evaluate timeouts trace.csv --target 0.01,0.001
              advisor evaluate timeouts pipeline_inference_data_anon.csv.gz \\
                  --backend-column container_ip --latency-column value \\
                  --timestamp-column timestamp_anon
            """)

    @Argument(
        help: "Request trace, CSV with a header, optionally .gz. \(EmbeddedRecording.help)",
        completion: .file(extensions: ["csv", "gz"]))
    var file: String?

    @OptionGroup(title: "Columns")
    var columns: ColumnOptions

    @Option(help: "Unit of the latency column.")
    var latencyUnit: LatencyUnit = .ms

    @Option(help: "Comma-separated accepted false-timeout rates, each in (0, 1).")
    var target: String = "0.01,0.001"

    @Option(help: "Fraction of the trace, at the end, held out for scoring.")
    var holdout: Double = 0.2

    @Option(help: "Step of the online correction (log scale per outcome); 0 turns the correction off.")
    var calibrationStep: Double = 0.2

    @Option(help: "Fit the quantile model below 1 − target if fewer training latencies than this lie above it (0: exactly 1 − target).")
    var minimumExceedances: Int = 100

    @Option(help: "Shortest timeout given, in ms.")
    var floorMs: Double = 0

    @Option(help: "Longest timeout given, in ms.")
    var ceilingMs: Double = 3_600_000

    @Flag(help: "Print one JSON object with the results on stdout.")
    var json = false

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    var targets: [Double] {
        target.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    func validate() throws {
        let parts = target.split(separator: ",")
        guard !parts.isEmpty, targets.count == parts.count, targets.allSatisfy({ $0 > 0 && $0 < 1 }) else {
            throw ValidationError("--target must be comma-separated rates strictly between 0 and 1, not '\(target)'")
        }
        guard holdout > 0, holdout < 1 else { throw ValidationError("--holdout must be between 0 and 1 (exclusive), not \(holdout)") }
        guard calibrationStep >= 0, calibrationStep.isFinite else { throw ValidationError("--calibration-step must be ≥ 0") }
        guard minimumExceedances >= 0 else { throw ValidationError("--minimum-exceedances must be ≥ 0") }
        guard floorMs >= 0, ceilingMs >= floorMs else { throw ValidationError("need 0 ≤ --floor-ms ≤ --ceiling-ms") }
    }

    func run() throws {
        let progress = Console.progress(quiet: quiet)
        let file = try EmbeddedRecording.path(or: self.file)
        progress?("reading \(file)")
        let buffer = try InputBuffer.open(path: file)
        let trace = try RequestTrace.read(buffer, mapping: columns.mapping, latencyUnit: latencyUnit.milliseconds)
        var options = TimeoutEvaluation.Options()
        options.targets = targets
        options.holdoutFraction = holdout
        options.calibration = calibrationStep > 0 ? QuantileCalibrator.Settings(step: calibrationStep) : nil
        options.minimumExceedances = minimumExceedances
        options.floor = .microseconds(Int64((floorMs * 1000).rounded()))
        options.ceiling = .microseconds(Int64((ceilingMs * 1000).rounded()))
        let source = TrainingSource(path: file, fingerprint: Fingerprint.of(buffer))
        let report = try TimeoutEvaluation.evaluate(trace, source: source, options: options, progress: progress)
        if json {
            try Console.printJSON(report)
        } else {
            print(Self.summary(report))
        }
    }

    static func summary(_ report: TimeoutEvaluation.Report) -> String {
        var lines = [
            "request trace \(report.source): \(report.rows) requests, \(report.backends) backends; fitted on the first \(report.trainRows), scored on the last \(report.holdoutRows)",
            "features (\(report.features.count)): \(report.features.joined(separator: ", "))",
            "",
        ]
        var rows = [["target", "rule", "false timeouts", "rate", "vs target", "mean timeout ms"]]
        for result in report.results {
            let target = String(format: "%g", result.targetRate)
            let entries: [(String, TimeoutEvaluation.Outcome)] = [
                (String(format: "advisor (model τ=%.4g, corrected)", result.modelQuantile), result.advisor),
                ("model alone", result.uncalibrated),
                ("static training percentile", result.staticTraining),
                ("per-backend training percentile", result.perBackendTraining),
                ("static at the advisor's rate", result.staticAtAdvisorRate),
            ]
            for (name, outcome) in entries {
                rows.append([
                    target, name, String(outcome.falseTimeouts), String(format: "%.5f", outcome.rate),
                    String(format: "%.2fx", outcome.rate / result.targetRate), String(format: "%.4g", outcome.meanTimeout),
                ])
            }
        }
        lines.append(Console.table(rows))
        lines.append("")
        for result in report.results {
            lines.append(
                String(
                    format:
                        "target %g: realised rate %.2f%% off the target; mean timeout %.1f%% lower than the static timeout at the same rate; final correction ×%.3f",
                    result.targetRate, result.rateError * 100, result.reductionAtSameRate * 100, result.finalCorrection))
        }
        lines += report.notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }
}
