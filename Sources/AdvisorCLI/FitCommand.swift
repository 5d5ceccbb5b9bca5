public import AdvisorLearning
import AdvisorTraining
public import ArgumentParser
import Foundation

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a regression of one column of any numeric CSV on the others.",
        discussion: """
            Ridge/OLS streams the file through per-block sufficient statistics on both cores (memory does not \
            grow with the rows); logistic and quantile regression keep the rows in memory. Features are \
            standardized; the penalty applies to standardized coefficients, so --alpha means the same as \
            scikit-learn's Ridge(alpha) after StandardScaler (and C = 1/alpha for logistic). The saved model \
            is fitted on every row; its hold-out figures come from the same settings fitted on the first \
            part of the file and scored on the rest (rows are taken to be in time order).

              advisor fit metrics.csv --target latency_ms
              advisor fit metrics.csv --target latency_ms --alpha 0
              advisor fit metrics.csv --target slow --model logistic --alpha 1
              advisor fit metrics.csv --target latency_ms --model quantile --quantile 0.99

            The first picks the ridge penalty by time-ordered cross-validation; --alpha 0 is ordinary \
            least squares.
            """)

    @Argument(help: "Numeric CSV with a header, optionally .gz.", completion: .file(extensions: ["csv", "gz"]))
    var file: String

    @Option(help: "Column to predict.")
    var target: String

    @Option(help: "Comma-separated feature columns (default: every other numeric column).")
    var features: String?

    @Option(help: "Kind of regression.")
    var model: ModelArtifact.Kind = .ridge

    // `.unconditional` so that `--alpha -1` reaches validate() as a number rather than as an unknown flag.
    @Option(
        parsing: .unconditional,
        help: "L2 penalty on standardized coefficients (ridge default: chosen by time-ordered cross-validation; logistic default: 1).")
    var alpha: Double?

    @Option(parsing: .unconditional, help: "Quantile to fit with --model quantile.")
    var quantile: Double = 0.5

    @Option(help: "Column of non-negative sample weights.")
    var weightColumn: String?

    @Option(parsing: .unconditional, help: "Fraction of the rows, at the end, used to score the model.")
    var holdout: Double = 0.2

    @Option(help: "Model file to write (default: Models/<target>.json).", completion: .file(extensions: ["json"]))
    var out: String?

    @Flag(help: "Print one JSON object with the results on stdout.")
    var json = false

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    func validate() throws {
        if let alpha { guard alpha >= 0, alpha.isFinite else { throw ValidationError("--alpha must be a number ≥ 0, not \(alpha)") } }
        guard quantile > 0, quantile < 1 else { throw ValidationError("--quantile must be between 0 and 1 (exclusive)") }
        guard holdout >= 0, holdout < 1 else { throw ValidationError("--holdout must be in [0, 1)") }
        if let alpha, !(alpha >= 0) { throw ValidationError("--alpha must be ≥ 0") }
        if let features, features.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }).contains(target) {
            throw ValidationError("--features includes the target '\(target)': a model of a column from itself predicts nothing")
        }
        if model == .quantile, alpha != nil {
            throw ValidationError("quantile regression here is unpenalized (the exact LP optimum); drop --alpha")
        }
    }

    func run() throws {
        let path = out ?? "Models/\(Self.fileName(target)).json"
        try OutputFile.refuseOverwriting([file], with: path)
        var request = NumericFit.Request(path: file, target: target)
        request.features = features.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        request.kind = model
        request.alpha = alpha
        request.quantile = quantile
        request.weightColumn = weightColumn
        request.holdoutFraction = holdout
        let trained = try NumericFit.run(request, progress: Console.progress(quiet: quiet))
        try trained.artifact.write(to: path)
        if json {
            try Console.printJSON(FitSummary(file: path, seconds: trained.fitSeconds, model: trained.artifact))
        } else {
            try Console.print(InspectCommand.describe(trained.artifact))
            try Console.print(String(format: "fitted in %.3fs (reading included); wrote %@", trained.fitSeconds, path))
        }
    }

    /// A column name made safe as a file name.
    static func fileName(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }

    struct FitSummary: Encodable {
        var file: String
        var seconds: Double
        var model: ModelArtifact
    }
}

extension ModelArtifact.Kind: ExpressibleByArgument {}
