import ArgumentParser

/// `advisor simulate`: offline replays that measure policies side by side on recorded inputs.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay recorded inputs through policies and measure them side by side.",
        subcommands: [SimulateBalanceCommand.self])
}
