import AdvisorLearning
import ArgumentParser

@main
struct Tool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advisor",
        abstract: "Learn cache and request-path decisions from recorded traces.",
        discussion: """
            advisor fits regression models (ridge/OLS, logistic, quantile; on LAPACK) to access traces \
            and request traces, writes them as versioned JSON model files, and scores them.

              advisor train                     # the embedded recording
              advisor convert --format nezha DIR -o requests.csv
              advisor fit data.csv --target y
              advisor predict MODEL.json data.csv
              advisor inspect MODEL.json
              advisor simulate balance --policy p2c,peak-ewma,predicted
              advisor evaluate timeouts --target 0.01,0.001
              advisor detect metric.csv --json
              advisor compare before.json after.json
              advisor report cache.json balance.json -o report.html

            Every command takes --json for one machine-readable object on stdout. Bad input stops with \
            file:line:column and a non-zero exit, and leaves no partial output file.
            """,
        version: "0.1.0",
        subcommands: [
            TrainCommand.self, ConvertCommand.self, FitCommand.self, PredictCommand.self, InspectCommand.self, SimulateCommand.self,
            EvaluateCommand.self, DetectCommand.self, CompareCommand.self, ReportCommand.self,
        ]
    )

    /// ArgumentParser's `main`, plus what every command shares: temporary output files removed on
    /// SIGINT/SIGTERM/SIGHUP, and stdout flushed and checked, so a failed write exits 1 with `stdout: REASON`.
    static func main() {
        TemporaryFiles.removeOnSignals()
        do {
            var command = try parseAsRoot()
            try command.run()
            try Console.finish()
        } catch {
            exit(withError: error)
        }
    }
}
