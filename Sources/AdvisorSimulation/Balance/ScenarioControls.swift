import AdvisorBalancing

/// The latency models a scenario's rows use.
struct ScenarioModels {
    /// The mean log-latency model: the predicted balancer's, where predicted hedging sends backups, and what the
    /// predicted limiter admits by.
    var mean: LatencyModel?
    /// The p95 of the training log's latencies (ms): the hedge delay.
    var staticP95 = Double.infinity
}

extension BalanceScenario {
    /// Whether the scenario's control rows need the mean latency model whatever the policies: predicted hedging routes
    /// backups by it in `stalls`, the predicted limiter admits by it in `overload`.
    var controlsNeedMeanModel: Bool { self == .stalls || self == .overload }

    /// The client controls each policy runs with: every hedging rule in `stalls`, every limiter in `overload`,
    /// none elsewhere.
    /// - Parameter concurrency: requests each simulated backend serves at once.
    func controls(_ models: ScenarioModels, options: BalanceSimulation.Options, concurrency: Int) throws -> [ClientControl] {
        var settings = ClientControl.Settings()
        settings.hedgeBudget = options.hedgeBudget
        settings.staticDelay = models.staticP95
        settings.backends = options.backends
        settings.concurrency = concurrency
        settings.timeoutMilliseconds = options.timeoutMilliseconds
        settings.latencyTolerance = options.latencyTolerance
        settings.latencyTarget = options.latencyTargetMilliseconds
        switch self {
        case .stalls:
            settings.backupModel = models.mean
            return try HedgingMode.allCases.map { try ClientControl(hedging: $0, settings) }
        case .overload:
            settings.limitModel = models.mean
            return try LimiterMode.allCases.map { try ClientControl(limiting: $0, settings) }
        default:
            return [ClientControl()]
        }
    }
}

extension ClientControl {
    /// For progress lines: " with hedging static-p95", " with limiter aimd", or nothing.
    var label: String {
        if let hedging { return " with hedging \(hedging.rawValue)" }
        if let limiting { return " with limiter \(limiting.rawValue)" }
        return ""
    }
}
