import AdvisorObservability
import AdvisorSimulation
import ArgumentParser
import Foundation

struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Score every row of a time series for anomalies: CSV 'timestamp,value,anomaly_score' on stdout.",
        discussion: """
            The detector reads the series once, in order, as it would run live: two online ridge forecasts \
            (recent values and time of day; time of day and the value a day ago), refitted daily on the last \
            week, whose errors feed an anomaly likelihood, plus an out-of-range rule. A score is in [0, 1); \
            a row is anomalous from \(AnomalyDetector.Configuration().threshold) on (1.5 times as surprising \
            as anything in the last week, or beyond the range seen so far). Defaults suit 5-minute samples.

              advisor detect ec2_cpu_utilization_825cc2.csv > scores.csv
              advisor detect metrics.csv --column latency_ms --json
              advisor detect --score anomaly_windows.json DIR/*.csv --json

            With --score, the files are scored together as the Numenta Anomaly Benchmark scores a corpus \
            (probation, windows, scaled sigmoid, the three profiles), at the detector's own threshold and at \
            the threshold NAB's sweep finds best.
            """)

    @Argument(help: "The series: CSV with a 'timestamp' column and a value column.", completion: .file(extensions: ["csv", "gz"]))
    var files: [String]

    @Option(help: "The value column (default: 'value', or the only column besides 'timestamp').")
    var column: String?

    @Option(
        name: .customLong("score"), help: ArgumentHelp("NAB labels (anomaly_windows.json): score all FILEs together.", valueName: "labels"),
        completion: .file(extensions: ["json"]))
    var labels: String?

    @Flag(help: "Print one JSON object (flagged windows and insights; with --score the NAB scores) instead of CSV.")
    var json = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give the series file to score") }
        if labels == nil, files.count > 1 { throw ValidationError("one file at a time, or --score LABELS.json with several") }
    }

    func run() throws {
        let series = try files.map { path in try TimeSeriesFile.read(path: path, column: column) }
        if let labels {
            try runScoring(series: series, labels: NABLabels.read(path: labels), labelsPath: labels)
            return
        }
        let scan = AnomalyScan(series: series[0])
        if json {
            try Console.printJSON(FileOutput(series: series[0], scan: scan))
            return
        }
        var text = "timestamp,value,anomaly_score\n"
        text.reserveCapacity(series[0].values.count * 40)
        for row in series[0].values.indices {
            text += "\(series[0].timestampTexts[row]),\(series[0].values[row]),\(scan.scores[row])\n"
        }
        try Console.write(text)
    }

    private func runScoring(series: [TimeSeriesFile], labels: NABLabels, labelsPath: String) throws {
        var corpus: [NABSeries] = []
        var outputs: [FileOutput] = []
        for file in series {
            guard let windows = labels.rowWindows(forFile: file.path, times: file.times) else {
                throw ValidationError("\(labelsPath): no windows for \((file.path as NSString).lastPathComponent)")
            }
            let scan = AnomalyScan(series: file)
            corpus.append(NABSeries(name: (file.path as NSString).lastPathComponent, scores: scan.scores, windows: windows))
            var output = FileOutput(series: file, scan: scan)
            output.labelled = windows.map { [$0.lowerBound, $0.upperBound] }
            outputs.append(output)
        }
        let result = NABCorpusResult(corpus: corpus, threshold: AnomalyDetector.Configuration().threshold)
        if json {
            try Console.printJSON(ScoringOutput(result: result, files: outputs))
        } else {
            try Console.print(result.table())
        }
    }

    struct FileOutput: Encodable {
        var file: String
        var column: String
        var rows: Int
        var threshold: Double
        var flagged: [AnomalyScan.FlaggedWindow]
        var insights: [String]
        /// Every row's score, for `advisor report`'s picture (a row costs about 20 bytes).
        var scores: [Double]
        /// With --score: the labelled anomaly windows as row ranges `[first, last]`.
        var labelled: [[Int]]?

        init(series: TimeSeriesFile, scan: AnomalyScan) {
            file = series.path
            column = series.column
            rows = series.values.count
            threshold = AnomalyDetector.Configuration().threshold
            flagged = scan.flagged
            insights = scan.flagged.map(\.insight)
            scores = scan.scores
        }
    }

    struct ScoringOutput: Encodable {
        var result: NABCorpusResult
        var files: [FileOutput]

        enum CodingKeys: String, CodingKey {
            case threshold, files, profiles
            case standard = "nab_standard"
            case lowFalsePositives = "nab_reward_low_fp"
            case lowFalseNegatives = "nab_reward_low_fn"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(result.threshold, forKey: .threshold)
            try container.encode(result.profiles[0].normalized, forKey: .standard)
            try container.encode(result.profiles[1].normalized, forKey: .lowFalsePositives)
            try container.encode(result.profiles[2].normalized, forKey: .lowFalseNegatives)
            try container.encode(result.profiles, forKey: .profiles)
            try container.encode(files, forKey: .files)
        }
    }
}
