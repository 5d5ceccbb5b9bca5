import ArgumentParser

@main
struct Tool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advisor",
        abstract: "Learn cache and request-path decisions from recorded traces.",
        discussion: """
            advisor fits regression models (ridge/OLS, logistic, quantile; on LAPACK) to access traces \
            and request traces, writes them as versioned JSON model files, and scores them.

              advisor train Datasets/loopback-redis/requests.csv.gz      # fit the models a trace supports
              advisor fit data.csv --target latency_ms                    # any numeric CSV
              advisor predict Models/latency-mean.json data.csv           # one prediction per row
              advisor inspect Models/latency-mean.json                    # what a model is and how well it did

            Every command takes --json for one machine-readable object on stdout. Bad input stops with \
            file:line:column and a non-zero exit, and leaves no partial output file.
            """,
        version: "0.1.0",
        subcommands: [TrainCommand.self, FitCommand.self, PredictCommand.self, InspectCommand.self]
    )
}
