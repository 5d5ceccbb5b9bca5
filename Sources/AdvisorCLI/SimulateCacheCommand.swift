public import AdvisorCache
import AdvisorInput
import AdvisorSimulation
import AdvisorTraces
import AdvisorTraining
public import ArgumentParser
import Foundation

struct SimulateCacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Replay a recorded access trace through learned and heuristic caches, side by side.",
        discussion: """
            Every policy runs on the same requests at every size. By default the first half of the \
            trace trains the models (eviction, reuse time, prefetch) and warms every cache, and only the \
            second half is counted; --train-fraction 0 counts the whole trace from an empty cache \
            (libCacheSim's method). A size is a number of objects (or bytes with --unit bytes) or a \
            percentage of the trace's distinct objects (bytes); LOW..HIGH sweeps --points sizes between two, evenly in log \
            scale, the points of a miss-ratio curve for advisor report.

            Policies: \(CacheSimulation.policyNames.joined(separator: ", ")). Append +prefetch to \
            any of them (or pass --prefetch for learned) to load predicted objects ahead; prefetch \
            figures (extra fetches, precision, coverage) are reported. belady is the offline bound.

            --ttl SECONDS expires entries that long after their last request (in requests when the \
            trace has no timestamps); --ttl adaptive sweeps a per-entry TTL from the reuse model beside a \
            sweep of fixed TTLs, reporting hit ratio against memory held.

              advisor simulate cache --trace ../shared/datasets/caffeine-sim-traces/web07.trace.xz \\
                  --policy lru,s3fifo,sieve,arc,wtinylfu,learned --prefetch --size 1%,10%
              advisor simulate cache --trace cloudPhysicsIO.csv --format libcachesim-csv \\
                  --policy lru,fifo,belady --size 489 --train-fraction 0 --json
              advisor simulate cache --trace web07.trace.xz --policy lru,s3fifo,arc,belady \\
                  --size 0.1%..20% --points 8 --json > cache.json     # a miss-ratio curve for advisor report
            """)

    @Option(help: "The access trace to replay.", completion: .file())
    var trace: String

    @Option(
        help: "Trace format (\(AccessFormat.allCases.map(\.rawValue).joined(separator: ", "))); guessed from the file name when omitted.")
    var format: AccessFormat?

    @OptionGroup(title: "Columns (csv format)")
    var columns: ColumnOptions

    @Option(help: "Comma-separated policies; see the list above.")
    var policy: String = "lru,s3fifo,sieve,arc,wtinylfu,learned"

    @Option(
        help: """
            Comma-separated cache sizes: N (objects, or bytes with --unit bytes) or P% of the working set; LOW..HIGH \
            (such as 0.1%..20% or 100..100000) sweeps --points sizes spaced evenly in log scale, for a miss-ratio curve.
            """)
    var size: String = "1%,10%"

    @Option(help: "Sizes a LOW..HIGH --size sweep runs at, both ends included (2-64).")
    var points: Int = 8

    @Option(help: "What capacity counts: objects or bytes.")
    var unit: CapacityUnit = .objects

    @Flag(help: "Add learned+prefetch: the learned policy with predictive prefetching.")
    var prefetch = false

    @Option(help: "Entry expiry: a fixed TTL (seconds, or requests without timestamps) or 'adaptive'.")
    var ttl: String?

    @Option(help: "Fraction of the trace (from the start) that trains models and warms caches, uncounted.")
    var trainFraction: Double = 0.5

    @Option(
        help: "Folder with cache-eviction.json (and cache-reuse.json, cache-prefetch.json) from 'advisor train', used instead of training.")
    var model: String?

    @Option(help: "Objects at the tail of S3-FIFO's main queue the learned policy compares per eviction.")
    var candidates: Int = 8

    @Flag(help: "Keep the learned policy's starting model: no online refits.")
    var noRefit = false

    @Option(
        name: .customLong("repeat"), help: "Replay each policy this many times and report the fastest rate (for throughput measurements).")
    var repeats: Int = 1

    @Flag(help: "Print one JSON object with the results on stdout.")
    var json = false

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    func validate() throws {
        guard trainFraction >= 0, trainFraction < 1 else {
            throw ValidationError("--train-fraction must be in [0, 1), not \(trainFraction)")
        }
        // Every eviction scores this many candidates, so the cost per eviction stays bounded.
        guard (1...64).contains(candidates) else { throw ValidationError("--candidates must be between 1 and 64, not \(candidates)") }
        guard repeats >= 1 else { throw ValidationError("--repeat must be at least 1") }
        _ = try options()
    }

    func options() throws -> CacheSimulation.Options {
        var choices = try policy.split(separator: ",").map { name in
            guard let choice = CacheSimulation.PolicyChoice(String(name.trimmingCharacters(in: .whitespaces))) else {
                throw ValidationError(
                    "unknown policy '\(name)'; choose from \(CacheSimulation.policyNames.joined(separator: ", ")) (optionally +prefetch)")
            }
            return choice
        }
        if prefetch, let learned = CacheSimulation.PolicyChoice("learned+prefetch"), !choices.contains(learned) { choices.append(learned) }
        guard (2...64).contains(points) else { throw ValidationError("--points must be between 2 and 64, not \(points)") }
        let sizes = try size.split(separator: ",").flatMap { text in
            try Self.sizes(String(text.trimmingCharacters(in: .whitespaces)), points: points)
        }
        guard !choices.isEmpty, !sizes.isEmpty else { throw ValidationError("give at least one policy and one size") }
        var options = CacheSimulation.Options(policies: choices, sizes: sizes)
        options.unit = unit
        options.trainFraction = trainFraction
        options.modelDirectory = model
        options.candidates = candidates
        options.learnsOnline = !noRefit
        options.repeats = repeats
        if let ttl {
            if ttl == "adaptive" {
                options.ttl = .adaptive
            } else if let seconds = Double(ttl), seconds > 0 {
                options.ttl = .fixed(seconds)
            } else {
                throw ValidationError("--ttl takes 'adaptive' or a positive number, not '\(ttl)'")
            }
        }
        return options
    }

    /// One `--size` item: a size, or a `LOW..HIGH` sweep of `points` sizes.
    static func sizes(_ text: String, points: Int) throws -> [CacheSize] {
        let bad = "give a positive whole number, a percentage such as 10%, or a range such as 0.1%..20%"
        guard let range = text.range(of: "..") else {
            guard let choice = CacheSize(text) else { throw ValidationError("bad size '\(text)': \(bad)") }
            return [choice]
        }
        guard let low = CacheSize(String(text[..<range.lowerBound])), let high = CacheSize(String(text[range.upperBound...])),
            let sweep = CacheSize.sweep(from: low, to: high, points: points)
        else {
            throw ValidationError("bad size range '\(text)': \(bad), its ends both percentages or both counts, the first below the second")
        }
        return sweep
    }

    func run() throws {
        let progress = Console.progress(quiet: quiet)
        progress?("reading \(trace)")
        let accessTrace = try AccessTrace.read(path: trace, format: format, mapping: columns.mapping)
        progress?("\(accessTrace.count) requests, \(accessTrace.uniqueCount) distinct objects")
        let source = TrainingSource(path: trace, fingerprint: "")
        let report = try CacheSimulation.run(accessTrace, source: source, options: options(), progress: progress)
        if json {
            try Console.printJSON(report)
        } else {
            print(Self.summary(report))
        }
    }

    static func summary(_ report: CacheSimulation.Report) -> String {
        var lines = [
            "\(report.trace) (\(report.format)): \(report.requests) requests, \(report.uniqueObjects) distinct objects", report.note, "",
        ]
        var rows = [
            [
                "policy", "size", "capacity", "miss ratio", "byte miss ratio", "fetches/req", "Belady gap closed", "refits", "req/s",
                "prefetch (fetches/req, precision, coverage)",
                "ttl (rule, hit ratio, mean resident)",
            ]
        ]
        for result in report.results {
            rows.append([
                result.policy, result.size, String(result.capacity), String(format: "%.4f", result.missRatio),
                String(format: "%.4f", result.byteMissRatio), String(format: "%.4f", result.fetchesPerRequest),
                result.beladyGapClosed.map { String(format: "%+.1f%%", 100 * $0) } ?? "", result.refits.map(String.init) ?? "",
                Self.rate(result.requestsPerSecond),
                result.prefetch.map {
                    String(
                        format: "%.3f, %.3f, %@", $0.extraFetchesPerRequest, $0.precision,
                        $0.coverage.map { String(format: "%.3f", $0) } ?? "-")
                } ?? "",
                result.ttl.map { String(format: "%@, %.4f, %.0f", $0.rule, $0.hitRatio, $0.meanResidentObjects) } ?? "",
            ])
        }
        lines.append(Console.table(rows))
        for model in report.models {
            lines.append(
                "model \(model.name) (size \(model.size), \(model.trainingRows) rows): hold-out \(Console.metrics(model.holdout)); baseline \(Console.metrics(model.baseline))"
            )
        }
        return lines.joined(separator: "\n")
    }

    static func rate(_ value: Double) -> String {
        value >= 1e6 ? String(format: "%.1fM", value / 1e6) : String(format: "%.0fk", value / 1e3)
    }
}

extension CapacityUnit: ExpressibleByArgument {}
