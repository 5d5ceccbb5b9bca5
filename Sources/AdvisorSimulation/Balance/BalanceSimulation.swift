public import AdvisorBalancing
import AdvisorLearning
import AdvisorSupport
public import AdvisorTraces
public import AdvisorTraining
import Foundation

/// The discrete-event balancing replay: every chosen policy on every chosen scenario, with the same
/// arrivals and the same service-time draws for every policy of a scenario.
///
/// Time is the recording's own: the simulated clock runs over a window of the recording, so a
/// recorded slow period comes back when it happened and for as long as it lasted. The recording
/// is split in time: the predicted policy's model is trained on a simulated request log over the
/// first part (before `trainUntil`), and every policy is measured on the rest.
public enum BalanceSimulation {
    public struct Options: Sendable {
        public var scenarios: [BalanceScenario] = BalanceScenario.allCases
        package var policies: [BalancingPolicyName] = BalancingPolicyName.allCases
        /// Simulated backends.
        public var backends = 16
        /// Requests each backend serves at once; nil gives each scenario its own (`BalanceScenario.defaultConcurrency`).
        public var concurrency: Int?
        /// Target load as a fraction of capacity (the ramp rises from it to twice it).
        public var load = 0.7
        public var seed: UInt64 = 1
        /// The client's timeout (ms).
        public var timeoutMilliseconds = 100.0
        /// Start of the training part, in recording seconds (default: the start of the recording).
        public var trainFrom: Double?
        /// End of the training part, in recording seconds (default: a third of the way through).
        public var trainUntil: Double?
        /// End of the replayed part (default: the end of the recording).
        public var until: Double?
        /// A model for the predicted policy; when nil one is trained per scenario on the training part.
        package var model: LatencyModel?
        /// How the predicted policy scans.
        package var scan: PredictedLatencyPolicy.Scan = .all
        /// Whether the predicted policy ages idle backends' estimates toward the pool's (off: the behaviour before).
        package var explores = true
        /// The policy whose request log the predicted policy's model is trained on.
        package var trainingPolicy: BalancingPolicyName = .p2c
        package var outliers = OutlierSettings()
        /// When set, each scenario's trained models are written there as `balance-<scenario>[-pNN].json`.
        public var modelFolder: String?
        /// `stalls`: backup copies allowed per request, for both hedging rules.
        public var hedgeBudget = 0.05
        /// `overload`: how far the predicted limiter lets the predicted latency of a request rise over the latency
        /// predicted for the same backend with nothing in flight, as a factor.
        public var latencyTolerance = 2.0
        /// `overload`: a latency (ms) the predicted limiter also keeps the prediction under (default: none).
        public var latencyTargetMilliseconds: Double?

        public init() {}
    }

    /// Runs the replay.
    /// - Parameters:
    ///   - recording: per-backend latencies over time (the service times) and, unless `arrivals` is given, the arrival gaps.
    ///   - source: the recording's path and fingerprint, for the report and the trained models.
    ///   - arrivals: recorded arrival times whose gaps drive the load (default: the recording's own timestamps).
    /// - Throws: `BalanceSimulationError` for settings the recording cannot support; `LearningError` when a model cannot be fitted or used.
    public static func run(
        recording: RequestTrace, source: TrainingSource, arrivals: [Double]? = nil, options: Options, progress: ProgressHandler? = nil
    ) throws -> BalanceReport {
        try validate(options)
        let sampler = ServiceTimeSampler(recording)
        guard sampler.backendCount >= 2 else {
            throw BalanceSimulationError("the recording has \(sampler.backendCount) backend; at least two are needed")
        }
        let start = recording.timestamps.first!
        let end = recording.timestamps.last!
        let trainUntil = options.trainUntil ?? start + (end - start) / 3
        let until = min(options.until ?? end, end)
        let trainFrom = max(start, options.trainFrom ?? start)
        guard trainFrom < trainUntil, trainUntil < until else {
            throw BalanceSimulationError(
                "the training part (\(trainFrom)…\(trainUntil) s) must come before the replayed part (…\(until) s), inside the recording's \(start)…\(end) s"
            )
        }
        let trainWindow = trainFrom..<trainUntil
        let replayWindow = trainUntil..<until
        let schedule = try ArrivalSchedule(timestamps: arrivals ?? recording.timestamps)
        let roles = try RecordedRoles(sampler, window: replayWindow)

        var scenarios: [BalanceReport.Scenario] = []
        var results: [BalanceReport.Result] = []
        for scenario in options.scenarios {
            let concurrency = options.concurrency ?? scenario.defaultConcurrency
            let setup = ScenarioSetup(scenario, roles: roles, backends: options.backends, concurrency: concurrency, load: options.load)
            var simulation = ClusterSimulation(
                setup: setup, sampler: sampler, timeout: options.timeoutMilliseconds / 1000, seed: options.seed)
            var models = ScenarioModels(mean: options.model)
            let needsMean = options.policies.contains(where: \.needsModel) || scenario.controlsNeedMeanModel
            // `stalls` trains even with a given model: its hedge delay is the training log's p95.
            if needsMean && models.mean == nil || scenario == .stalls {
                progress?(
                    "\(scenario.rawValue): training latency models on a \(options.trainingPolicy.rawValue) log of "
                        + String(format: "%.1f…%.1f s", trainWindow.lowerBound, trainWindow.upperBound))
                let trained = try trainModels(
                    &simulation, schedule: schedule, sampler: sampler, window: trainWindow, source: source, options: options)
                if let folder = options.modelFolder {
                    try trained.mean.artifact.write(to: (folder as NSString).appendingPathComponent("balance-\(scenario.rawValue).json"))
                }
                models.mean = models.mean ?? trained.mean
                models.staticP95 = trained.staticP95
            }
            let capacity = setup.capacity(sampler, window: replayWindow)
            let times = setup.arrivals(schedule, in: replayWindow, capacity: capacity)
            scenarios.append(
                BalanceReport.Scenario(
                    name: scenario, summary: scenario.summary, backends: setup.recordedBackend.map { sampler.backendNames[$0] },
                    concurrency: concurrency, capacity: capacity, rate: Double(times.count) / (until - trainUntil),
                    window: [trainUntil, until],
                    model: options.policies.contains(where: \.needsModel) ? models.mean.map { BalanceReport.ModelSummary($0) } : nil,
                    controlModels: scenario.controlsNeedMeanModel ? models.mean.map { [BalanceReport.ModelSummary($0)] } ?? [] : []))
            let controls = try scenario.controls(models, options: options, concurrency: concurrency)
            for name in options.policies {
                for control in controls {
                    progress?("\(scenario.rawValue): \(name.rawValue)\(control.label) on \(times.count) requests")
                    var configuration = PolicyConfiguration(name: name, model: models.mean)
                    configuration.scan = options.scan
                    configuration.explores = options.explores
                    var runner = Runner(
                        simulation: simulation, arrivals: times, window: replayWindow, pool: pool(options, backends: options.backends),
                        control: control,
                        keepsLog: true)
                    let outcome = try configuration.withPolicy(pool: runner.pool, &runner)
                    var row = result(scenario, name, outcome, requests: times.count, span: until - trainUntil)
                    row.describe(control, outcome, requests: times.count)
                    row.latencyCDF = LatencyCDF(outcome.latencies)
                    if let log = runner.log { row.p99OverTime = LatencyOverTime(log: log, arrivals: times, window: replayWindow) }
                    if let peak = setup.load.peak(of: replayWindow), let log = runner.log {
                        row.describeStep(
                            StepResponse(log: log, arrivals: times, peak: peak, timeoutMilliseconds: options.timeoutMilliseconds))
                    }
                    results.append(row)
                }
            }
        }
        var settings = [
            "backends": String(options.backends), "concurrency": options.concurrency.map(String.init) ?? "per scenario",
            "load": String(options.load),
            "seed": String(options.seed), "timeout_ms": String(options.timeoutMilliseconds), "train_from_s": String(trainFrom),
            "train_until_s": String(trainUntil),
            "until_s": String(until), "predicted_scan": options.scan.rawValue,
            "predicted_exploration": options.explores ? "on" : "off", "training_policy": options.trainingPolicy.rawValue,
        ]
        settings["arrivals"] = arrivals == nil ? "recording timestamps" : "given arrival trace"
        return BalanceReport(recording: source.path, settings: settings, scenarios: scenarios, results: results)
    }

    static func validate(_ options: Options) throws(BalanceSimulationError) {
        guard options.backends >= 2 else { throw BalanceSimulationError("--backends must be at least 2") }
        guard options.concurrency ?? 1 >= 1 else { throw BalanceSimulationError("--concurrency must be at least 1") }
        guard options.load > 0, options.load.isFinite else { throw BalanceSimulationError("--load must be positive") }
        guard options.timeoutMilliseconds > 0 else { throw BalanceSimulationError("--timeout-ms must be positive") }
        guard options.hedgeBudget >= 0, options.hedgeBudget.isFinite else {
            throw BalanceSimulationError("--hedge-budget must be a number ≥ 0")
        }
        guard options.latencyTolerance >= 1, options.latencyTolerance.isFinite else {
            throw BalanceSimulationError("--latency-tolerance must be a number ≥ 1")
        }
        if let target = options.latencyTargetMilliseconds {
            guard target > 0, target.isFinite else { throw BalanceSimulationError("--latency-target-ms must be positive") }
        }
        guard !options.scenarios.isEmpty, !options.policies.isEmpty else { throw BalanceSimulationError("no scenario or no policy to run") }
    }

    static func pool(_ options: Options, backends: Int) -> BackendPool {
        BackendPool(backends: backends, outliers: options.outliers, seed: options.seed)
    }

    /// Runs the training policy over the training window, logs every request, and fits on the log the mean
    /// log-latency model; also returns the p95 of the logged latencies.
    static func trainModels(
        _ simulation: inout ClusterSimulation, schedule: ArrivalSchedule, sampler: ServiceTimeSampler, window: Range<Double>,
        source: TrainingSource,
        options: Options
    ) throws -> (mean: LatencyModel, staticP95: Double) {
        let capacity = simulation.setup.capacity(sampler, window: window)
        let times = simulation.setup.arrivals(schedule, in: window, capacity: capacity)
        var runner = Runner(
            simulation: simulation, arrivals: times, window: window, pool: pool(options, backends: options.backends), keepsLog: true)
        _ = try PolicyConfiguration(name: options.trainingPolicy).withPolicy(pool: runner.pool, &runner)
        let trace = RequestTrace(arrivals: times, log: runner.log!, backends: options.backends)
        var trainer = RequestTrainer.Options()
        trainer.quantiles = []
        let logSource = TrainingSource(
            path:
                "simulated \(simulation.setup.scenario.rawValue) log (\(options.trainingPolicy.rawValue)) over \(source.path) \(window.lowerBound)…\(window.upperBound) s",
            fingerprint: source.fingerprint)
        let (models, _) = try RequestTrainer.train(trace, source: logSource, options: trainer)
        let names = BackendFeatureTracker.featureNames(metrics: [])
        let fitted = try models.map { model throws(LearningError) in try LatencyModel(model.artifact, featureNames: names) }
        // The static hedge delay: one percentile of every latency the training part logged.
        let staticP95 = trace.latencies.isEmpty ? Double.infinity : EmpiricalQuantile.value(0.95, of: trace.latencies)
        return (fitted[0], staticP95)
    }

    static func result(
        _ scenario: BalanceScenario, _ policy: BalancingPolicyName, _ outcome: ClusterSimulation.Outcome, requests: Int, span: Double
    )
        -> BalanceReport.Result
    {
        let histogram = outcome.latencies
        let sent = Double(max(1, outcome.sent.reduce(0, +)))
        return BalanceReport.Result(
            scenario: scenario, policy: policy, requests: requests, p50: histogram.quantile(0.5), p90: histogram.quantile(0.9),
            p99: histogram.quantile(0.99), p999: histogram.quantile(0.999), mean: histogram.mean, timeouts: outcome.timeouts,
            goodput: Double(outcome.answered) / span, successFraction: Double(outcome.answered) / Double(max(1, requests)),
            ejections: outcome.ejections, nanosecondsPerRequest: outcome.wallSeconds * 1e9 / Double(max(1, requests)),
            backendShare: outcome.sent.map { Double($0) / sent })
    }

    /// Runs one policy through the simulation (a visitor, so the run is specialised for the policy's type).
    struct Runner: BalancerPolicyVisitor {
        var simulation: ClusterSimulation
        let arrivals: [Double]
        let window: Range<Double>
        let pool: BackendPool
        var log: RequestLog?
        let control: ClientControl

        init(
            simulation: ClusterSimulation, arrivals: [Double], window: Range<Double>, pool: BackendPool,
            control: ClientControl = ClientControl(),
            keepsLog: Bool = false
        ) {
            self.simulation = simulation
            self.control = control
            self.arrivals = arrivals
            self.window = window
            self.pool = pool
            self.log = keepsLog ? RequestLog(count: arrivals.count) : nil
        }

        mutating func visit<Policy: BalancerPolicy>(_ policy: inout Policy) -> ClusterSimulation.Outcome {
            simulation.run(&policy, arrivals: arrivals, window: window, control: control, log: &log)
        }
    }
}

extension BalanceReport.ModelSummary {
    init(_ model: LatencyModel) {
        let artifact = model.artifact
        self.init(
            name: artifact.name, trainedOn: "\(artifact.training.source): \(artifact.training.split)", features: artifact.features,
            holdout: artifact.holdout?.metrics, baseline: artifact.holdout?.baselineMetrics)
    }
}
