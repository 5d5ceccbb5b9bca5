import ArgumentParser

/// `advisor evaluate`: measure a learned request-path decision against its heuristics on a recorded trace.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure learned request-path decisions against heuristics on recorded traces.",
        discussion: """
            Every evaluation fits on the earlier part of a trace (by time) and scores on the later part, \
            beside the heuristics it should beat, on the same requests.

              advisor evaluate timeouts                 # the embedded recording
              advisor evaluate strategies lora_request_trace.csv
            """,
        subcommands: [EvaluateTimeoutsCommand.self, EvaluateStrategiesCommand.self]
    )
}
