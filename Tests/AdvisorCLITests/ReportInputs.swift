import AdvisorTestSupport
import Foundation
import Testing

/// Real `--json` outputs for the report tests, made once per test run by the built binary on small real inputs:
/// a cache size sweep over web07, a balance run and a timeout evaluation on (a slice of) the embedded recording, a detect run
/// over one NAB series and a compare of the real benchmark exports in the fixtures.
struct ReportInputs: Sendable {
    /// The folder is kept for the whole run (the tests read the files and render reports beside them) and removed at exit.
    nonisolated(unsafe) static var folder: ScratchFolder?
    static let made = Task { try await ReportInputs() }

    let directory: URL
    let cache: String
    let balance: String
    let timeouts: String
    let detect: String
    let compare: String
    let scored: String

    var all: [String] { [cache, balance, timeouts, detect, compare] }

    private init() async throws {
        let scratch = try ScratchFolder()
        Self.folder = scratch
        // No suite-wide teardown exists to end the folder's life, so the process does it on its way out.
        atexit { ReportInputs.folder = nil }
        directory = scratch.url
        let fixtures = TestData.repository.appendingPathComponent("Tests/AdvisorSimulationTests/Fixtures")
        let nab = try TestData.path("nab-aws-cloudwatch/ec2_cpu_utilization_825cc2.csv")
        let web07 = try TestData.path("caffeine-sim-traces/web07.trace.xz")
        // The first 8,000 requests of the embedded recording: a timeout evaluation of the whole takes 25 s in a debug build.
        let recordingSlice = scratch.path("recording-slice.csv")
        let recording = try TemporaryFile.gunzipped(TestData.recording).split(separator: "\n", omittingEmptySubsequences: false)
        try (recording.prefix(8_001).joined(separator: "\n") + "\n").write(toFile: recordingSlice, atomically: false, encoding: .utf8)
        cache = scratch.path("cache.json")
        balance = scratch.path("balance.json")
        timeouts = scratch.path("timeouts.json")
        detect = scratch.path("detect.json")
        compare = scratch.path("compare.json")
        scored = scratch.path("scored.json")
        let labels = try TestData.path("nab-aws-cloudwatch/anomaly_windows.json")
        let runs: [(String, [String])] = [
            (
                cache,
                [
                    "simulate", "cache", "--trace", web07, "--policy", "lru,s3fifo,belady", "--size", "0.5%..20%", "--points", "5",
                    "--train-fraction", "0",
                ]
            ),
            // Six seconds of replay (about 130,000 requests per policy) after the default minute of training time.
            (balance, ["simulate", "balance", "--scenario", "slow-replica", "--policy", "round-robin,p2c,peak-ewma", "--until", "66"]),
            (timeouts, ["evaluate", "timeouts", recordingSlice, "--target", "0.05,0.01,0.002"]),
            (detect, ["detect", nab]),
            (scored, ["detect", "--score", labels, nab]),
            (
                compare,
                [
                    "compare", fixtures.appendingPathComponent("compare-baseline.json").path,
                    fixtures.appendingPathComponent("compare-candidate.json").path, "--resamples", "1000",
                ]
            ),
        ]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (output, arguments) in runs {
                group.addTask {
                    let run = try await Advisor.run(arguments + ["--json"])
                    // compare exits 2 on the fixtures' real regression; every other command 0.
                    try #require(run.status == 0 || (arguments[0] == "compare" && run.status == 2), "\(arguments): \(run)")
                    try Data(run.stdout.utf8).write(to: URL(fileURLWithPath: output))
                }
            }
            try await group.waitForAll()
        }
    }

    /// Runs `advisor report` on `inputs`, writing `name` beside them.
    func report(_ inputs: [String], name: String) async throws -> (run: Advisor.Run, html: String?) {
        let output = directory.appendingPathComponent(name).path
        let run = try await Advisor.run(["report"] + inputs + ["-o", output])
        return (run, try? String(contentsOfFile: output, encoding: .utf8))
    }
}

/// One `<svg class="chart">` of a page: the scales it declares and the points of each series it draws.
struct PlottedChart {
    var label: String
    var xScale: String
    var yScale: String
    var xDomain: (Double, Double)
    var yDomain: (Double, Double)
    var plot: (left: Double, top: Double, right: Double, bottom: Double)
    var series: [String: [(x: Double, y: Double)]]
    var body: String

    /// Every chart on `html`, in page order.
    static func all(in html: String) -> [PlottedChart] {
        html.components(separatedBy: "<svg ").dropFirst().compactMap { PlottedChart($0) }
    }

    private init?(_ text: String) {
        guard let end = text.range(of: "</svg>") else { return nil }
        body = String(text[..<end.lowerBound])
        let tag = String(body.prefix { $0 != ">" })
        let attributes = Self.attributes(tag)
        func pair(_ name: String) -> [Double] { (attributes[name] ?? "").split(separator: " ").compactMap { Double($0) } }
        label = attributes["aria-label"] ?? ""
        xScale = attributes["data-x-scale"] ?? ""
        yScale = attributes["data-y-scale"] ?? ""
        let x = pair("data-x-domain")
        let y = pair("data-y-domain")
        let frame = pair("data-plot")
        guard x.count == 2, frame.count == 4 else { return nil }
        xDomain = (x[0], x[1])
        yDomain = y.count == 2 ? (y[0], y[1]) : (0, 1)
        plot = (frame[0], frame[1], frame[2], frame[3])
        series = [:]
        for line in body.components(separatedBy: "<polyline ").dropFirst() {
            let lineAttributes = Self.attributes(String(line.prefix { $0 != ">" }))
            guard let name = lineAttributes["data-series"], let points = lineAttributes["points"] else { continue }
            series[name] = points.split(separator: " ").compactMap { pair in
                let parts = pair.split(separator: ",").compactMap { Double($0) }
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            }
        }
    }

    /// Where the chart must draw data point (`x`, `y`), from the scales it declares (computed here, not by the renderer).
    func expectedPixel(x: Double, y: Double) -> (x: Double, y: Double) {
        func fraction(_ value: Double, _ domain: (Double, Double), _ scale: String) -> Double {
            scale == "log" ? log10(value / domain.0) / log10(domain.1 / domain.0) : (value - domain.0) / (domain.1 - domain.0)
        }
        return (
            plot.left + fraction(x, xDomain, xScale) * (plot.right - plot.left),
            plot.bottom - fraction(y, yDomain, yScale) * (plot.bottom - plot.top)
        )
    }

    private static func attributes(_ tag: String) -> [String: String] {
        var found: [String: String] = [:]
        var rest = Substring(tag)
        while let equals = rest.range(of: "=\"") {
            let name = rest[..<equals.lowerBound].split(separator: " ").last.map(String.init) ?? ""
            let valueStart = equals.upperBound
            guard let close = rest[valueStart...].firstIndex(of: "\"") else { break }
            found[name] = String(rest[valueStart..<close])
            rest = rest[rest.index(after: close)...]
        }
        return found
    }
}
