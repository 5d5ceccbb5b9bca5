import ArgumentParser

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay recorded traces through learned and established policies, side by side.",
        subcommands: [SimulateCacheCommand.self, SimulateBalanceCommand.self]
    )
}
