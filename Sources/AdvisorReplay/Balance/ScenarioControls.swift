import AdvisorBalancing

/// The latency models a scenario's rows use.
struct ScenarioModels {
    /// The mean log-latency model: the predicted balancer's, and where predicted hedging sends backups.
    var mean: LatencyModel?
    /// The control rows' quantile models (`BalanceScenario.controlQuantiles`), in that order.
    var quantiles: [LatencyModel] = []
    /// The p95 of the training log's latencies (ms): the static hedge delay.
    var staticP95 = Double.infinity
}

extension BalanceScenario {
    /// The latency quantiles the scenario's control rows predict: the predicted limiter's p99 in `overload`.
    var controlQuantiles: [Double] {
        self == .overload ? [0.99] : []
    }

    /// The client controls each policy runs with: every hedging rule in `stalls`, every limiter in `overload`,
    /// none elsewhere.
    /// - Parameter slots: Σ concurrency of the simulated backends.
    func controls(_ models: ScenarioModels, options: BalanceReplay.Options, slots: Int) throws -> [ClientControl] {
        var settings = ClientControl.Settings()
        settings.hedgeBudget = options.hedgeBudget
        settings.staticDelay = models.staticP95
        settings.slots = slots
        settings.timeoutMilliseconds = options.timeoutMilliseconds
        settings.latencyTarget = options.latencyTargetMilliseconds ?? options.timeoutMilliseconds / 2
        switch self {
        case .stalls:
            settings.backupModel = models.mean
            return try HedgingMode.allCases.map { try ClientControl(hedging: $0, settings) }
        case .overload:
            settings.limitModel = models.quantiles.first
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
