import Testing

/// `--help` of the tool and of every subcommand: exit 0 and the flags and examples a user looks for.
@Suite struct HelpTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var command: [String]
        var mentions: [String]
        var testDescription: String { (["advisor"] + command).joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(
            command: [],
            mentions: ["USAGE: advisor <subcommand>", "train", "convert", "fit", "predict", "inspect", "simulate", "evaluate", "--version"]),
        Case(
            command: ["train"],
            mentions: [
                "USAGE: advisor train [<options>] [<file>]", "--out <out>", "--cache-size", "--json",
                "advisor train ../shared/datasets/caffeine-sim-traces/web07.trace.xz",
            ]),
        Case(
            command: ["convert"],
            mentions: ["--format <format>", "-o, --output <output>", "--max-sample-age", "--json", "advisor convert --format nezha"]),
        Case(
            command: ["fit"],
            mentions: [
                "USAGE: advisor fit <file> --target <target>", "--model <model>", "--out <out>", "--json",
                "advisor fit metrics.csv --target latency_ms --alpha 0",
            ]),
        Case(
            command: ["predict"],
            mentions: ["USAGE: advisor predict <model> <file> [--json]", "advisor predict Models/next_60s.json data.csv"]),
        Case(command: ["inspect"], mentions: ["USAGE: advisor inspect <model> [--json]", "validated as the runtime would load it"]),
        Case(command: ["simulate"], mentions: ["USAGE: advisor simulate <subcommand>", "cache", "balance"]),
        Case(
            command: ["simulate", "cache"],
            mentions: [
                "--trace <trace>", "--policy <policy>", "--size", "--train-fraction", "--ttl", "--json",
                "--policy lru,fifo,belady --size 489 --train-fraction 0 --json", "--points <points>", "LOW..HIGH",
            ]),
        Case(
            command: ["simulate", "balance"],
            mentions: [
                "USAGE: advisor simulate balance [<options>] [<file>]", "--scenario", "--policy", "--load", "--json",
                "advisor simulate balance --policy p2c,peak-ewma,predicted",
            ]),
        Case(command: ["evaluate"], mentions: ["USAGE: advisor evaluate <subcommand>", "timeouts", "strategies"]),
        Case(
            command: ["evaluate", "timeouts"],
            mentions: ["--target <target>", "--holdout", "--json", "advisor evaluate timeouts trace.csv --target 0.01,0.001"]),
        Case(
            command: ["evaluate", "strategies"],
            mentions: ["USAGE: advisor evaluate strategies <file>", "--strategies", "--exploration", "--json"]),
        Case(
            command: ["detect"],
            mentions: ["--column <column>", "--score <labels>", "--json", "anomalous from 0.6", "timestamp,value,anomaly_score"]),
        Case(command: ["compare"], mentions: ["USAGE: advisor compare", "--alpha", "--noise", "--json", "Exit status: 0"]),
        Case(
            command: ["report"],
            mentions: [
                "USAGE: advisor report <inputs> ... --output <output>", "-o, --output <output>",
                "advisor report cache.json balance.json -o report.html",
            ]),
    ]

    @Test(arguments: cases)
    func helpExitsZeroAndNamesTheFlagsAndExamples(_ help: Case) async throws {
        let run = try await Advisor.run(help.command + ["--help"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr.isEmpty, "\(run)")
        for text in help.mentions {
            #expect(run.stdout.contains(text), "\(help.testDescription) --help does not mention '\(text)'")
        }
    }

    @Test func theDefaultTraceIsNamedInTheHelpOfEveryCommandThatHasOne() async throws {
        for command in [["train"], ["simulate", "balance"], ["evaluate", "timeouts"]] {
            let run = try await Advisor.run(command + ["--help"])
            // Help text is wrapped at 80 columns; compare with the line breaks taken out.
            let flowing = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(
                flowing.contains("The default is the embedded loopback-redis recording (Datasets/loopback-redis/requests.csv.gz"),
                "\(command)")
        }
    }

    @Test func versionIsPrinted() async throws {
        let run = try await Advisor.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout == "0.1.0\n")
    }
}
