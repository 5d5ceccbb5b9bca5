import AdvisorLearning
import Foundation

/// The request-path models in a model folder, loaded in one call: what `advisor train` writes for a request
/// trace (`latency-mean.json`, `latency-p50.json`, `latency-p95.json`, `latency-p99.json`, …).
///
/// Every `latency-*.json` in the folder is read and checked when the folder is loaded; a strategy's models
/// (`<name>-latency.json`, `<name>-success.json`) are read when a `SharedStrategySelector` asks for them.
///
/// ```swift
/// let models = try RequestModels(folder: "Models")
/// let mean = try models.mean                  // the predicted balancer's and the predicted limiter's
/// let p99 = try models.quantile(0.99)         // the timeout advisor's, for a 1 % target
/// ```
public struct RequestModels: Sendable {
    /// The folder the models were read from.
    package let folder: String
    private let meanModel: LatencyModel?
    private let quantiles: [(quantile: Double, model: LatencyModel)]

    /// Reads and checks every latency model in `folder`.
    /// - Throws: `ControlConfigurationError` (setting `model`) naming the file when the folder cannot be read or a model
    ///   file is not a valid latency model on the backend features.
    public init(folder: String) throws(ControlConfigurationError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("latency-") && $0.hasSuffix(".json") }
                .sorted()
        } catch {
            throw ControlConfigurationError(
                setting: "model", message: "\(folder): cannot read the model folder (\(error.localizedDescription))")
        }
        var mean: LatencyModel?
        var quantiles: [(Double, LatencyModel)] = []
        for name in names {
            let model = try Self.load((folder as NSString).appendingPathComponent(name))
            if let quantile = model.artifact.quantile, model.artifact.kind == .quantile {
                quantiles.append((quantile, model))
            } else if name == "latency-mean.json" {
                mean = model
            }
        }
        self.folder = folder
        self.meanModel = mean
        self.quantiles = quantiles
    }

    /// The mean log-latency model (`latency-mean.json`).
    /// - Throws: `ControlConfigurationError` when the folder holds none.
    public var mean: LatencyModel {
        get throws(ControlConfigurationError) {
            guard let meanModel else { throw missing("latency-mean.json") }
            return meanModel
        }
    }

    /// The model of a latency quantile.
    /// - Parameter quantile: the quantile, in (0, 1): 0.99 reads `latency-p99.json`.
    /// - Throws: `ControlConfigurationError` when the folder holds no model of that quantile.
    public func quantile(_ quantile: Double) throws(ControlConfigurationError) -> LatencyModel {
        guard let found = quantiles.first(where: { abs($0.quantile - quantile) < 1e-9 }) else {
            throw missing("latency-p\(Self.percentileName(quantile)).json (`advisor train` writes the p50, p95 and p99)")
        }
        return found.model
    }

    /// The models of one strategy for the strategy selector: `<name>-latency.json`, and `<name>-success.json`.
    /// - Throws: `ControlConfigurationError` (setting `model`) when a file is missing or invalid, or the models do not fit.
    package func strategy(named name: String) throws(ControlConfigurationError) -> StrategySelector.Strategy {
        let base = (folder as NSString).appendingPathComponent(name)
        do throws(LearningError) {
            return try StrategySelector.Strategy(
                name: name, latency: ModelArtifact.load(path: base + "-latency.json"),
                success: ModelArtifact.load(path: base + "-success.json"))
        } catch {
            throw ControlConfigurationError(setting: "model", message: "strategy \(name): \(error.message)")
        }
    }

    /// The name `advisor train` gives the model of quantile `tau`: `99` for 0.99, `99_9` for 0.999.
    package static func percentileName(_ tau: Double) -> String {
        let percent = tau * 100
        return percent == percent.rounded() ? String(Int(percent)) : String(percent).replacingOccurrences(of: ".", with: "_")
    }

    private static func load(_ path: String) throws(ControlConfigurationError) -> LatencyModel {
        do throws(LearningError) {
            return try LatencyModel.load(path: path)
        } catch {
            throw ControlConfigurationError(setting: "model", message: error.message)
        }
    }

    private func missing(_ file: String) -> ControlConfigurationError {
        ControlConfigurationError(setting: "model", message: "\(folder) holds no \(file)")
    }
}
