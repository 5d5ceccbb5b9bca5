import AdvisorCache
import AdvisorInput
import AdvisorLearning
import AdvisorTraces
import AdvisorTraining
import ArgumentParser
import Foundation

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit the models a recorded trace supports and write them to Models/.",
        discussion: """
            An access trace (any --format; csv is timestamp,key[,size][,op]) gives the cache models: \
            cache-eviction (time to the next request of the objects a cache of --cache-size chooses among), \
            cache-reuse (time to the next request, the adaptive TTL's model) and cache-prefetch (whether a \
            proposed candidate is used soon); 'advisor simulate cache --model Models' replays them. A request trace (timestamp,backend,latency[,status][,metrics…]) gives the mean \
            log-latency (ridge) and its p50/p95/p99 (quantile regression). Features are computed by the \
            runtime's own feature trackers; any further numeric column of a request trace is a server metric \
            feature. Models are fitted on the first part of the trace and scored on the last part (by time), \
            beside a naive baseline. All models are fitted before any file is written, and the set is written \
            as one unit: the cache-*.json and latency-*.json files of --out are all replaced at once (a fresh folder \
            swapped into place), so --out never mixes two runs; its other files are kept.

            Access traces may be in any --format (guessed from the file name when omitted, else csv); a \
            format other than csv is always an access trace. gzip, xz and zstd files are read directly.

              advisor train                                   # the embedded default recording
              advisor train ../shared/datasets/cloudphysics-block-sample/cloudPhysicsIO.csv --key-column lbn
              advisor train ../shared/datasets/caffeine-sim-traces/web07.trace.xz \\
                  --format cache2k
              advisor train pipeline_inference_data_anon.csv.gz --backend-column container_ip \\
                  --latency-column value --timestamp-column timestamp_anon
            """)

    @Argument(
        help: "Trace file: CSV with a header, or an access trace in any --format; plain, gzip, xz or zstd. \(EmbeddedRecording.help)",
        completion: .file(extensions: ["csv", "gz", "xz", "zst", "lis", "trace", "jsonl", "bin"]))
    var file: String?

    @Option(help: "Kind of trace; recognised from the header when omitted (any --format but csv is an access trace).")
    var kind: TraceKind?

    @Option(help: "Access trace format; guessed from the file name when omitted, else csv.")
    var format: AccessFormat?

    @OptionGroup(title: "Columns")
    var columns: ColumnOptions

    @Option(help: "Unit of the latency column.")
    var latencyUnit: LatencyUnit = .ms

    @Option(help: "Folder the model files are written to.")
    var out: String = "Models"

    // `.unconditional` on the numbers so that a negative one reaches validate() rather than reading as a flag.
    @Option(parsing: .unconditional, help: "Fraction of the trace, at the end, held out for scoring.")
    var holdout: Double = 0.2

    @Option(parsing: .unconditional, help: "Ridge penalty; chosen by time-ordered cross-validation when omitted.")
    var alpha: Double?

    @Option(
        help:
            "Access traces: the cache the eviction and prefetch models are for: N objects (bytes with --unit bytes) or P% of the distinct objects."
    )
    var cacheSize: String = "10%"

    @Option(help: "Access traces: what the cache size counts, objects or bytes.")
    var unit: CapacityUnit = .objects

    @Flag(help: "Print one JSON object with the results on stdout.")
    var json = false

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    /// The format to read: the one given, else the one the file name suggests, else csv.
    var resolvedFormat: AccessFormat { format ?? file.flatMap(AccessFormat.guess(path:)) ?? .csv }

    func validate() throws {
        let format = resolvedFormat
        if format != .csv, kind == .request {
            throw ValidationError("--format \(format.rawValue) is an access-trace format; --kind request needs a csv request trace")
        }
        if ![.csv, .libcachesimCSV].contains(format), columns.namesAccessColumns {
            throw ValidationError("column flags apply to the csv and libcachesim-csv formats; \(format.rawValue) has a fixed layout")
        }
        guard holdout > 0, holdout < 1 else { throw ValidationError("--holdout must be between 0 and 1 (exclusive), not \(holdout)") }
        if let alpha, !(alpha >= 0 && alpha.isFinite) { throw ValidationError("--alpha must be a number ≥ 0, not \(alpha)") }
        if CacheSize(cacheSize) == nil {
            throw ValidationError("bad --cache-size '\(cacheSize)': give a positive whole number or a percentage such as 10%")
        }
    }

    func run() throws {
        let progress = Console.progress(quiet: quiet)
        let file = try EmbeddedRecording.path(or: self.file)
        progress?("reading \(file)")
        let buffer = try InputBuffer.open(path: file)
        let source = TrainingSource(path: file, fingerprint: Fingerprint.of(buffer))
        let accessFormat = resolvedFormat
        let traceKind: TraceKind
        if accessFormat != .csv {
            traceKind = .access
        } else {
            traceKind = try kind ?? TraceKind.recognise(CSVHeader(buffer: buffer), mapping: columns.mapping, file: file)
        }
        let (models, report): ([TrainedModel], TrainingReport)
        switch traceKind {
        case .access:
            let trace = try AccessTrace.read(buffer, format: accessFormat, mapping: columns.mapping)
            progress?("read \(trace.count) requests for \(trace.uniqueCount) objects as \(accessFormat.rawValue)")
            var options = AccessTrainer.Options()
            options.holdoutFraction = holdout
            options.alpha = alpha
            options.cacheSize = CacheSize(cacheSize)!
            options.unit = unit
            (models, report) = try AccessTrainer.train(trace, source: source, options: options, progress: progress)
        case .request:
            let trace = try RequestTrace.read(buffer, mapping: columns.mapping, latencyUnit: latencyUnit.milliseconds)
            var options = RequestTrainer.Options()
            options.holdoutFraction = holdout
            options.alpha = alpha
            (models, report) = try RequestTrainer.train(trace, source: source, options: options, progress: progress)
        }
        // Every model is checked before the first file is written, so a failure leaves no partial set behind.
        for model in models { try model.artifact.validate() }
        let files = try models.map { (name: "\($0.artifact.name).json", data: try $0.artifact.encoded()) }
        try OutputFolder.replaceSet(in: out, owns: Self.isTrainedModel, with: files)
        var written = report
        for (index, file) in files.enumerated() {
            written.models[index].file = (out as NSString).appendingPathComponent(file.name)
        }
        if json {
            try Console.printJSON(written)
        } else {
            try Console.print(Self.summary(written))
        }
    }

    /// The files of the `--out` folder a run owns: the ones the runtime loaders scan (`CacheModels`, `RequestModels`).
    /// They are replaced as one set, so a folder never mixes two runs (say, a stale prefetch model of another
    /// trace); every other file in the folder (a `fit` model, notes) is kept.
    static func isTrainedModel(_ name: String) -> Bool {
        (name.hasPrefix("cache-") || name.hasPrefix("latency-")) && name.hasSuffix(".json")
    }

    /// One line saying whether a model beat its baseline on the hold-out, on every metric both report: higher R² and
    /// AUC, lower MAPE, pinball and log loss, coverage nearer the nominal quantile.
    static func verdict(_ model: TrainingReport.Model) -> String? {
        guard let holdout = model.holdout else { return nil }
        let baseline = holdout.baselineMetrics
        var compared: [(text: String, better: Bool)] = []
        for key in ["r2", "mape", "pinball", "coverage", "log_loss", "auc"] {
            guard let value = holdout.metrics[key], let other = baseline[key] else { continue }
            let better: Bool
            switch key {
            case "r2", "auc": better = value > other
            case "coverage": better = abs(value - (model.quantile ?? 0.5)) <= abs(other - (model.quantile ?? 0.5))
            default: better = value < other
            }
            compared.append((String(format: "%@ %.3f vs %.3f%@", key, value, other, better ? "" : " (worse)"), better))
        }
        guard !compared.isEmpty else { return nil }
        let beat = compared.allSatisfy(\.better)
        return "\(model.name) \(beat ? "beat" : "did not beat") its baseline: \(compared.map(\.text).joined(separator: ", "))"
    }

    static func summary(_ report: TrainingReport) -> String {
        var lines = [
            "\(report.kind.rawValue) trace \(report.source): \(report.rows) rows, trained on the first \(report.trainRows), scored on the last \(report.holdoutRows)",
            "features (\(report.features.count)): \(report.features.joined(separator: ", "))",
            "",
        ]
        var rows = [["model", "kind", "fit", "hold-out rows", "model on hold-out", "baseline on hold-out"]]
        for model in report.models {
            rows.append([
                model.name, model.kind.rawValue, String(format: "%.3fs", model.fitSeconds), String(model.holdout?.rows ?? 0),
                Console.metrics(model.holdout?.metrics), Console.metrics(model.holdout?.baselineMetrics),
            ])
        }
        lines.append(Console.table(rows))
        lines.append("")
        for model in report.models {
            lines.append("baseline for \(model.name): \(model.holdout?.baseline ?? "-")")
        }
        lines += report.models.compactMap(Self.verdict)
        lines += report.notes.map { "note: \($0)" }
        lines += report.models.compactMap(\.file).map { "wrote \($0)" }
        return lines.joined(separator: "\n")
    }
}
