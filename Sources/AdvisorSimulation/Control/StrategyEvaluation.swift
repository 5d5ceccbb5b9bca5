public import AdvisorBalancing
public import AdvisorLearning
import AdvisorSupport
import AdvisorTraining
import Foundation

/// Measures the strategy selector against always-one and uniform random choice on held-out recorded outcomes.
///
/// Per strategy (the most used ones on the training part), a ridge regression of log latency and a
/// logistic regression of success are fitted on that strategy's training requests. On the hold-out
/// each policy picks a strategy per request; since only the recorded strategy's outcome is known,
/// a policy is scored on the requests where its pick equals the recorded one (the replay method of
/// Li et al., 2011). That estimate is unbiased only if the recorded choices were random given the
/// features; in this log users chose their model, so the policies are compared on different subsets
/// of requests and the figures carry that selection bias. The per-strategy hold-out accuracy of the
/// latency models, which the selector's ranking rests on, is reported beside them.
public enum StrategyEvaluation {
    public struct Options: Sendable {
        /// Strategies considered: the most used on the training part.
        public var strategyCount = 8
        public var holdoutFraction = 0.2
        /// The selector's exploration rate.
        public var exploration = 0.05
        /// Seeds the selector's exploration and the random policy.
        public var seed: UInt64 = 20_241_115
        /// L2 penalty of the success models (separable outcomes have no unpenalized fit).
        public var successPenalty = 1.0

        public init() {}
    }

    /// One policy's outcome on the hold-out requests where its pick matched the recorded strategy.
    public struct PolicyResult: Codable, Sendable {
        public var policy: String
        public var matched: Int
        public var meanLatency: Double
        public var successRate: Double
        /// Mean latency over success rate: the expected time to a success when failures are retried.
        public var expectedTimeToSuccess: Double
        /// How often the policy picked each strategy over all hold-out requests (matched or not).
        public var picks: [String: Int]
    }

    /// How well one strategy's models predicted its own hold-out requests.
    public struct StrategyResult: Codable, Sendable {
        public var name: String
        public var trainRows: Int
        public var holdoutRows: Int
        public var holdoutMeanLatency: Double
        public var holdoutSuccessRate: Double
        /// Latency model on the hold-out (r2, mae, …), beside predicting the strategy's training mean.
        public var latencyMetrics: [String: Double]
        public var baselineMetrics: [String: Double]
        /// "logistic" or "constant" (outcomes without failures cannot be fitted).
        public var successModel: String
    }

    public struct Report: Codable, Sendable {
        public var source: String
        public var rows: Int
        public var skippedRows: Int
        public var trainRows: Int
        /// Hold-out requests whose recorded strategy is one of those considered.
        public var holdoutRows: Int
        public var features: [String]
        public var strategies: [StrategyResult]
        /// The strategy with the lowest expected time to success on the training part.
        public var bestOnTraining: String
        /// What the users' own choices gave on the same hold-out requests.
        public var recorded: PolicyResult
        public var policies: [PolicyResult]
        public var notes: [String]
    }

    /// Fits per-strategy models on the earlier part of the log and replays the policies on the later part.
    /// - Throws: `LearningError` when the log is too short or a latency fit fails.
    public static func evaluate(_ log: GenAIRequestLog, source: String, options: Options) throws(LearningError) -> Report {
        let n = log.count
        let width = GenAIRequestLog.featureNames.count
        let split = trainingCount(rows: n, holdoutFraction: options.holdoutFraction)
        guard split >= 2, split < n else { throw LearningError(.tooFewRows, "\(n) requests are too few to split") }
        var usage = [Int](repeating: 0, count: log.strategyNames.count)
        for row in 0..<split { usage[log.strategies[row]] += 1 }
        let chosen = usage.indices.filter { usage[$0] > width + 1 }.sorted { usage[$0] > usage[$1] }.prefix(options.strategyCount)
        guard !chosen.isEmpty else { throw LearningError(.tooFewRows, "no strategy has enough training requests") }
        let slot = Dictionary(uniqueKeysWithValues: chosen.enumerated().map { ($1, $0) })
        let row = { (index: Int) in Array(log.features[(index * width)..<((index + 1) * width)]) }
        let holdout = (split..<n).filter { slot[log.strategies[$0]] != nil }

        var strategies: [StrategySelector.Strategy] = []
        var summaries: [StrategyResult] = []
        var trainingCost: [Double] = []
        for strategy in chosen {
            let name = log.strategyNames[strategy]
            let rows = (0..<split).filter { log.strategies[$0] == strategy }
            let tested = holdout.filter { log.strategies[$0] == strategy }
            let latency = try RidgeRegression.fit(
                Dataset(featureCount: width, features: rows.flatMap(row), targets: rows.map { Foundation.log(max(log.latencies[$0], 1)) }),
                alpha: nil)
            let latencyArtifact = artifact(
                "\(name)-latency", .ridge, .exp, latency.model, alpha: latency.alpha, rows: rows.count, source: source)
            let successes = rows.filter { log.succeeded[$0] }.count
            let selectorStrategy: StrategySelector.Strategy
            let successKind: String
            do {
                let labels = rows.map { log.succeeded[$0] ? 1.0 : 0.0 }
                let model = try LogisticRegression.fit(
                    Dataset(featureCount: width, features: rows.flatMap(row), targets: labels), alpha: options.successPenalty)
                let success = artifact(
                    "\(name)-success", .logistic, .logistic, model, alpha: options.successPenalty, rows: rows.count, source: source)
                selectorStrategy = try StrategySelector.Strategy(name: name, latency: latencyArtifact, success: success)
                successKind = "logistic"
            } catch {
                // Every training outcome of this strategy was the same: a smoothed constant rate.
                let rate = (Double(successes) + 1) / Double(rows.count + 2)
                selectorStrategy = try StrategySelector.Strategy(name: name, latency: latencyArtifact, successRate: rate)
                successKind = "constant"
            }
            strategies.append(selectorStrategy)
            let trainMean = rows.map { log.latencies[$0] }.reduce(0, +) / Double(rows.count)
            let successRate = Double(successes) / Double(rows.count)
            trainingCost.append(trainMean / max(successRate, StrategySelector.minimumSuccessRate))
            let predicted = tested.map { index in row(index).withUnsafeBufferPointer { selectorStrategy.predict($0).latency } }
            let actual = tested.map { log.latencies[$0] }
            summaries.append(
                StrategyResult(
                    name: name, trainRows: rows.count, holdoutRows: tested.count,
                    holdoutMeanLatency: actual.reduce(0, +) / Double(max(actual.count, 1)),
                    holdoutSuccessRate: Double(tested.filter { log.succeeded[$0] }.count) / Double(max(tested.count, 1)),
                    latencyMetrics: Metrics.regression(actual: actual, predicted: predicted),
                    baselineMetrics: Metrics.regression(actual: actual, predicted: .init(repeating: trainMean, count: actual.count)),
                    successModel: successKind))
        }
        let selector: StrategySelector
        let greedy: StrategySelector
        do {
            selector = try StrategySelector(strategies: strategies, exploration: options.exploration)
            greedy = try StrategySelector(strategies: strategies, exploration: 0)
        } catch {
            throw LearningError(.invalidArgument, error.description)
        }
        var recorded = result("recorded choices", log, holdout)
        for index in holdout { recorded.picks[log.strategyNames[log.strategies[index]], default: 0] += 1 }
        let best = trainingCost.indices.min { trainingCost[$0] < trainingCost[$1] }!
        var random = SeededGenerator(seed: options.seed)
        var explorationRandom = SeededGenerator(seed: options.seed ^ 0x5EED)
        var picks: [[Int]] = Array(repeating: [], count: 4)
        for index in holdout {
            row(index).withUnsafeBufferPointer { features in
                picks[0].append(selector.choose(features, using: &explorationRandom).strategy)
                picks[1].append(greedy.best(features).strategy)
            }
            picks[2].append(best)
            picks[3].append(Int.random(in: 0..<chosen.count, using: &random))
        }
        let names = [
            "selector (\(Int(options.exploration * 100))% exploration)", "selector, greedy", "always \(log.strategyNames[chosen[best]])",
            "uniform random",
        ]
        let policies = zip(names, picks).map { name, picked in
            var policy = result(name, log, zip(holdout, picked).filter { slot[log.strategies[$0]] == $1 }.map(\.0))
            for strategy in picked { policy.picks[log.strategyNames[chosen[strategy]], default: 0] += 1 }
            return policy
        }
        return Report(
            source: source, rows: n, skippedRows: log.skipped, trainRows: split, holdoutRows: holdout.count,
            features: GenAIRequestLog.featureNames, strategies: summaries, bestOnTraining: log.strategyNames[chosen[best]],
            recorded: recorded, policies: policies,
            notes: [
                "strategy = checkpoint_model_version_id; the \(chosen.count) most used on the first \(split) requests (by time); outcome = exec_time_seconds and predict_status",
                "a policy is scored on the hold-out requests where its pick equals the recorded model (replay method); users chose their model, so these subsets differ in their mix of work and the comparison carries that selection bias",
                "cost = predicted latency / predicted success probability (expected time to a success)",
            ])
    }

    static func result(_ policy: String, _ log: GenAIRequestLog, _ rows: [Int]) -> PolicyResult {
        let count = Double(max(rows.count, 1))
        let latency = rows.map { log.latencies[$0] }.reduce(0, +) / count
        let success = Double(rows.filter { log.succeeded[$0] }.count) / count
        return PolicyResult(
            policy: policy, matched: rows.count, meanLatency: latency, successRate: success,
            expectedTimeToSuccess: success > 0 ? latency / success : .infinity, picks: [:])
    }

    static func artifact(
        _ name: String, _ kind: ModelArtifact.Kind, _ link: ModelArtifact.Link, _ model: LinearModel, alpha: Double, rows: Int,
        source: String
    ) -> ModelArtifact {
        ModelArtifact(
            name: name, kind: kind, target: kind == .logistic ? "succeeded" : "log_exec_time_ms", link: link, alpha: alpha,
            features: GenAIRequestLog.featureNames, model: model,
            training: .init(source: source, fingerprint: "-", rows: rows, split: "this strategy's requests in the training part"),
            holdout: nil)
    }
}
