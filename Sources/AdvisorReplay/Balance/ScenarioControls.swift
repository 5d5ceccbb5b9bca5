import AdvisorBalancing

/// The latency models a scenario's rows use.
struct ScenarioModels {
    /// The predicted balancer's model (mean log-latency).
    var mean: LatencyModel?
    /// The control rows' quantile models (`BalanceScenario.controlQuantiles`), in that order.
    var quantiles: [LatencyModel] = []
    /// The p95 of the training log's latencies (ms): the static hedge delay.
    var staticP95 = Double.infinity
}

extension BalanceScenario {
    /// The latency quantiles the scenario's control rows predict: the hedge delay's p95 in `stalls`.
    var controlQuantiles: [Double] {
        switch self {
        case .stalls: [0.95]
        default: []
        }
    }

    /// Whether the scenario's control rows need the mean latency model whatever the policies: the predicted limiter's
    /// in `overload`.
    var controlsNeedMeanModel: Bool { self == .overload }

    /// The models the scenario's control rows predict with, for the report.
    func controlModels(_ models: ScenarioModels) -> [LatencyModel] {
        controlsNeedMeanModel ? models.mean.map { [$0] } ?? [] : models.quantiles
    }

    /// The client controls each policy runs with: every hedging rule in `stalls`, every limiter in `overload`,
    /// none elsewhere.
    func controls(_ models: ScenarioModels, options: BalanceReplay.Options) throws -> [ClientControl] {
        var settings = ClientControl.Settings()
        settings.hedgeBudget = options.hedgeBudget
        settings.staticDelay = models.staticP95
        settings.backends = options.backends
        settings.concurrency = options.concurrency
        settings.timeoutMilliseconds = options.timeoutMilliseconds
        settings.latencyTolerance = options.latencyTolerance
        settings.latencyTarget = options.latencyTargetMilliseconds
        switch self {
        case .stalls:
            settings.hedgeModel = models.quantiles.first
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
