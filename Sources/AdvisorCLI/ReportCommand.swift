import AdvisorLearning
import AdvisorReport
import ArgumentParser
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Turn advisor --json outputs into one self-contained HTML page of pictures.",
        discussion: """
            Each input is the --json output of simulate cache, simulate balance, evaluate timeouts, detect (or \
            detect --score) or compare, recognised from its fields, never its name. The page has one section \
            per input, in the order given: miss ratio against cache size per policy (Belady dashed) and hit \
            ratio against memory for a TTL sweep, ending with the policy, size and TTL to run and what they \
            save against LRU and S3-FIFO; latency CDFs and p99 over time per balancer; false-timeout rate \
            against mean timeout; anomaly scores with flagged (and labelled) windows shaded; compare's ratio \
            intervals against the noise band. Pictures are inline SVG: no script, nothing fetched.

              advisor simulate cache --trace web07.trace.xz --policy lru,s3fifo,arc,belady --size 0.1%..20% --json > cache.json
              advisor simulate balance --json > balance.json
              advisor report cache.json balance.json -o report.html

            An input that is not JSON, or not one of those outputs, stops the command with its file name, and \
            no page is written.
            """)

    @Argument(help: "--json outputs of advisor commands.", completion: .file(extensions: ["json"]))
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The HTML file to write.", completion: .file(extensions: ["html"]))
    var output: String

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one --json output to report on") }
    }

    func run() throws {
        try OutputFile.refuseOverwriting(inputs, with: output)
        let read = try inputs.map { path in (file: path, input: try ReportInput.read(path: path)) }
        try OutputFile.write(Data(Page.render(read).utf8), to: output)
    }
}
