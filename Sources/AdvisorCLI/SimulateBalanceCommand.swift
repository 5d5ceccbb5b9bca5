public import AdvisorBalancing
import AdvisorInput
import AdvisorLearning
import AdvisorSimulation
import AdvisorTraces
import AdvisorTraining
public import ArgumentParser
import Foundation

struct SimulateBalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance",
        abstract: "Discrete-event replay of load balancing policies on a recorded request trace.",
        discussion: """
            Backends serve --concurrency requests at once (1, or 8 in stalls), first come first served; each request's \
            service time is a recorded latency of the recorded backend it stands for, taken among the \
            32 recorded requests nearest to its send time (so recorded slow periods return when they \
            happened). Every policy of a scenario sees the same arrivals and, for the same request sent \
            to the same backend, the same service time. Simulated time is the recording's own time.

            The recording is split in time: the predicted policy's latency model is trained on the \
            request log of a simulated P2C balancer over the first part (--train-until, default the first \
            third), and every policy is measured on the rest. Arrivals follow recorded inter-arrival gaps (the recording's own, or --arrivals: Azure \
            LLM, NASA), rescaled to the target load.

            Capacity: Σ over backends of concurrency / mean recorded latency of the backend it stands \
            for, over the replayed window, in requests per second. --load 0.7 means arrivals at 0.7 × capacity.
            Timeout: the client gives up --timeout-ms after sending; the request counts as a timeout with \
            the timeout as its latency, and the balancer sees a failure. A request still queued then is \
            dropped by its backend; one in service finishes and keeps its slot busy.
            Goodput: requests answered within the timeout per simulated second.

            Scenarios: homogeneous (every backend like the fastest recorded one), heterogeneous \
            (backends cycle through the recorded ones but the bursty one), slow-replica (like \
            homogeneous, but backend 0 replays the recorded backend with the strongest slow burst), \
            ramp (heterogeneous, load rising linearly from --load to 2 × --load), stalls (identical \
            backends like the recorded one with the heaviest tail, 8 slots each, so that a stall holds up \
            its own request rather than a whole queue; each policy runs with every hedging rule: none, \
            static-p95, predicted), overload \
            (heterogeneous, load stepping from --load to 2 × --load for the middle third and back; each \
            policy runs behind every client concurrency limiter: none, fixed, aimd, gradient2, predicted).
            Hedging: a backup copy goes to another backend when the first has not answered by its delay: \
            both rules wait the p95 of the training log's latencies, corrected online so that 5% of first \
            copies are late, and share a budget of --hedge-budget backups per request; static-p95 sends the \
            backup where the balancer would (the first copy's backend set aside), predicted to the backend \
            with the lowest latency the mean model predicts (under the predicted balancer the two coincide). \
            The first answer wins and the client cancels \
            the other copy: still queued, it is taken out of its backend's queue and never served \
            (cancelled); already in service, it runs to the end. extra load = backups / requests.
            Limiters (one per client, in front of the balancer, rejecting at once): fixed = 2 × the \
            backends' slots; aimd and gradient2 start there (Netflix concurrency-limits' algorithms); \
            predicted keeps one limiter per backend and admits while the mean model's prediction for \
            the chosen backend stays within --latency-tolerance (2×) of its prediction for the same \
            backend with nothing in flight (and under --latency-target-ms if given), and always when \
            the backend has a free slot. Rejected requests are not in the latency percentiles; the step columns \
            give the goodput of arrivals during the step and the seconds until its per-second p99 stays \
            within a factor of 1.5 of where it settles.
            Policies: round-robin, random, p2c (least requests of two), peak-ewma (Finagle), prequal \
            (probes of requests in flight and latency, hot-cold rule), wrr (gRPC weighted round robin \
            by reported utilization), predicted (lowest latency predicted by the model; --scan all|two).

              advisor simulate balance --policy p2c,peak-ewma,predicted
              advisor simulate balance --scenario slow-replica --backends 8 --json
              advisor simulate balance --scenario stalls,overload --policy p2c,predicted
              advisor simulate balance --arrivals-format azure-llm \\
                  --arrivals ../shared/datasets/azure-llm-inference-2023
            """)

    @Argument(
        help: "Request trace with per-backend latencies. \(EmbeddedRecording.help)",
        completion: .file(extensions: ["csv", "gz"]))
    var file: String?

    @OptionGroup(title: "Columns")
    var columns: ColumnOptions

    @Option(help: "Unit of the latency column.")
    var latencyUnit: LatencyUnit = .ms

    @Option(
        help: "Arrival trace whose inter-arrival gaps drive the load (default: the recording's own timestamps); several files are merged.",
        completion: .file())
    var arrivals: [String] = []

    @Option(help: "Format of --arrivals: \(ArrivalFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var arrivalsFormat: ArrivalFormat = .azureLLM

    @Option(help: "Scenarios, comma-separated, or all: \(BalanceScenario.allCases.map(\.rawValue).joined(separator: ", ")).")
    var scenario = "all"

    @Option(help: "Policies, comma-separated, or all: \(BalancingPolicyName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var policy = "all"

    @Option(help: "Simulated backends.")
    var backends = 16

    @Option(help: "Requests each backend serves at once (default: 8 in stalls, 1 elsewhere).")
    var concurrency: Int?

    @Option(help: "Arrival rate as a fraction of capacity (the ramp rises to twice this).")
    var load = 0.7

    @Option(help: "Seed of the arrival draws, service-time draws and policies' randomness.")
    var seed: UInt64 = 1

    @Option(help: "Client timeout in milliseconds.")
    var timeoutMs = 100.0

    @Option(help: "stalls: backup copies allowed per request (both hedging rules).")
    var hedgeBudget = 0.05

    @Option(
        help:
            "overload: how far (a factor ≥ 1) the predicted limiter lets a request's predicted latency rise over the backend's predicted idle latency."
    )
    var latencyTolerance = 2.0

    @Option(help: "overload: a latency (ms) the predicted limiter also keeps the prediction under (default: none).")
    var latencyTargetMs: Double?

    @Option(help: "Start of the training part, in recording seconds (default: the start of the recording).")
    var trainFrom: Double?

    @Option(help: "End of the training part, in recording seconds (default: a third of the recording).")
    var trainUntil: Double?

    @Option(help: "End of the replayed part, in recording seconds (default: the end of the recording).")
    var until: Double?

    @Option(
        help: "Latency model for the predicted policy (default: trained per scenario on the training part).",
        completion: .file(extensions: ["json"]))
    var model: String?

    @Option(help: "Backends the predicted policy scores per decision: all, or two random ones.")
    var scan: PredictedLatencyPolicy.Scan = .all

    @Flag(help: "Predicted policy: keep an idle backend's stale estimate instead of ageing it toward the pool's (for comparison).")
    var noExploration = false

    @Option(help: "Folder to write each scenario's trained model to (balance-<scenario>.json), for advisor inspect.")
    var saveModels: String?

    @Flag(inversion: .prefixedEnableDisable, help: "Eject backends after 5 failures in a row (Envoy-like; the same for every policy).")
    var outlierEjection = true

    @Option(help: "The policy whose simulated request log the predicted policy's model is trained on.")
    var trainingPolicy: BalancingPolicyName = .p2c

    @Flag(help: "Print one JSON object with the results on stdout.")
    var json = false

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    /// The most simulated backends (and requests each serves at once) and the highest load (as a multiple of capacity) a run accepts.
    static let backendLimit = 1024
    static let loadLimit = 10.0

    func validate() throws {
        _ = try scenarios()
        _ = try policies()
        // Limits checked before anything is allocated: every request scores every backend and the arrival
        // schedule grows with the load, so past these a run takes minutes or more memory than the machine has.
        guard (2...Self.backendLimit).contains(backends) else {
            throw ValidationError("--backends must be between 2 and \(Self.backendLimit), not \(backends)")
        }
        guard (1...Self.backendLimit).contains(concurrency ?? 1) else {
            throw ValidationError("--concurrency must be between 1 and \(Self.backendLimit), not \(concurrency ?? 1)")
        }
        guard load > 0, load <= Self.loadLimit else {
            throw ValidationError("--load must be a positive number at most \(Self.loadLimit) (times capacity), not \(load)")
        }
        guard timeoutMs > 0, timeoutMs.isFinite else { throw ValidationError("--timeout-ms must be a positive number") }
        guard hedgeBudget >= 0, hedgeBudget.isFinite else { throw ValidationError("--hedge-budget must be a number ≥ 0") }
        guard latencyTolerance >= 1, latencyTolerance.isFinite else { throw ValidationError("--latency-tolerance must be a number ≥ 1") }
        if let latencyTargetMs {
            guard latencyTargetMs > 0, latencyTargetMs.isFinite else { throw ValidationError("--latency-target-ms must be positive") }
        }
    }

    func run() throws {
        let progress = Console.progress(quiet: quiet)
        let file = try EmbeddedRecording.path(or: self.file)
        progress?("reading \(file)")
        let buffer = try InputBuffer.open(path: file)
        let source = TrainingSource(path: file, fingerprint: Fingerprint.of(buffer))
        let trace = try RequestTrace.read(buffer, mapping: columns.mapping, latencyUnit: latencyUnit.milliseconds)
        var options = BalanceSimulation.Options()
        options.scenarios = try scenarios()
        options.policies = try policies()
        options.backends = backends
        options.concurrency = concurrency
        options.load = load
        options.seed = seed
        options.timeoutMilliseconds = timeoutMs
        options.trainFrom = trainFrom
        options.trainUntil = trainUntil
        options.until = until
        options.scan = scan
        options.explores = !noExploration
        options.trainingPolicy = trainingPolicy
        options.modelFolder = saveModels
        options.hedgeBudget = hedgeBudget
        options.latencyTolerance = latencyTolerance
        options.latencyTargetMilliseconds = latencyTargetMs
        if !outlierEjection { options.outliers = .disabled }
        if let model {
            options.model = try LatencyModel.load(path: model, featureNames: BackendFeatureTracker.featureNames(metrics: []))
        }
        var arrivalTimes: [Double]?
        if !arrivals.isEmpty {
            arrivalTimes = try arrivalsFormat.read(InputFiles(expanding: arrivals), progress: progress).trace.timestamps
        }
        let report = try BalanceSimulation.run(
            recording: trace, source: source, arrivals: arrivalTimes, options: options, progress: progress)
        if json {
            try Console.printJSON(report)
        } else {
            print(Self.summary(report))
        }
    }

    func scenarios() throws -> [BalanceScenario] {
        try Self.list(scenario, option: "--scenario")
    }

    func policies() throws -> [BalancingPolicyName] {
        try Self.list(policy, option: "--policy")
    }

    static func list<Name: RawRepresentable & CaseIterable>(_ text: String, option: String) throws -> [Name] where Name.RawValue == String {
        if text == "all" { return Array(Name.allCases) }
        return try text.split(separator: ",").map { part in
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let value = Name(rawValue: name) else {
                throw ValidationError(
                    "\(option): unknown name '\(name)'; expected all or \(Name.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
    }

    static func summary(_ report: BalanceReport) -> String {
        var lines = [
            "recording \(report.recording); "
                + report.settings.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        ]
        for scenario in report.scenarios {
            lines.append(
                "\(scenario.name.rawValue): \(scenario.summary); backends \(scenario.backends.joined(separator: ",")); capacity "
                    + String(
                        format: "%.0f req/s, arrivals %.0f req/s over %.0f…%.0f s", scenario.capacity, scenario.rate, scenario.window[0],
                        scenario.window[1]))
            if let model = scenario.model {
                lines.append("  model \(model.name) trained on \(model.trainedOn)")
                lines.append("  its hold-out: \(Console.metrics(model.holdout)); EWMA baseline: \(Console.metrics(model.baseline))")
            }
            for model in scenario.controlModels {
                lines.append("  model \(model.name) trained on \(model.trainedOn)")
                lines.append(
                    "  its hold-out: \(Console.metrics(model.holdout)); unconditional baseline: \(Console.metrics(model.baseline))")
            }
        }
        lines.append("")
        var rows = [
            [
                "scenario", "policy", "control", "requests", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "timeouts", "goodput/s",
                "extra load", "cancelled", "rejected",
                "step goodput/s", "step p99 ms", "stable after s", "ejections", "ns/request",
            ]
        ]
        let dash = "-"
        for result in report.results {
            rows.append([
                result.scenario.rawValue, result.policy.rawValue, result.hedging?.rawValue ?? result.limiter?.rawValue ?? dash,
                String(result.requests),
                String(format: "%.3f", result.p50), String(format: "%.3f", result.p90), String(format: "%.3f", result.p99),
                String(format: "%.3f", result.p999), String(result.timeouts), String(format: "%.0f", result.goodput),
                result.extraLoad.map { String(format: "%.4f", $0) } ?? dash, result.cancelled.map(String.init) ?? dash,
                result.rejected.map(String.init) ?? dash,
                result.stepGoodput.map { String(format: "%.0f", $0) } ?? dash,
                result.stepStableP99.map { String(format: "%.2f", $0) } ?? dash,
                result.secondsToStableP99.map { String(format: "%.0f", $0) } ?? dash, String(result.ejections),
                String(format: "%.0f", result.nanosecondsPerRequest),
            ])
        }
        lines.append(Console.table(rows))
        return lines.joined(separator: "\n")
    }
}

extension PredictedLatencyPolicy.Scan: ExpressibleByArgument {}
extension BalancingPolicyName: ExpressibleByArgument {}
extension ArrivalFormat: ExpressibleByArgument {}
