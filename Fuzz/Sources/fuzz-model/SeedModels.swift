import AdvisorLearning
import Foundation

/// Seed model files fitted on a real metric series: each value is predicted from the four before it.
enum SeedModels {
    static func write(to folder: String, series: String) throws {
        let text = try String(contentsOfFile: series, encoding: .utf8)
        let values = text.split(separator: "\n").dropFirst().compactMap { line in line.split(separator: ",").last.flatMap { Double($0) } }
        let lags = 4
        guard values.count > lags + 10 else { throw LearningError(.noRows, "\(series) has too few values") }
        var features: [Double] = []
        var targets: [Double] = []
        for index in lags..<values.count {
            features += values[(index - lags)..<index]
            targets.append(values[index])
        }
        let names = (1...lags).map { "lag\($0)" }
        let median = targets.sorted()[targets.count / 2]
        let data = try Dataset(featureCount: lags, features: features, targets: targets)
        let above = try Dataset(featureCount: lags, features: features, targets: targets.map { $0 > median ? 1 : 0 })
        let training = ModelArtifact.TrainingData(source: series, fingerprint: "seed", rows: targets.count, split: "all")
        let models = [
            ModelArtifact(
                name: "seed-ridge", kind: .ridge, target: "value", link: .identity, alpha: 1, features: names,
                model: try RidgeRegression.fit(data, alpha: 1).model, training: training, holdout: nil),
            ModelArtifact(
                name: "seed-logistic", kind: .logistic, target: "above_median", link: .logistic, alpha: 1, features: names,
                model: try LogisticRegression.fit(above, alpha: 1), training: training, holdout: nil),
            ModelArtifact(
                name: "seed-quantile", kind: .quantile, target: "value", link: .identity, quantile: 0.9, alpha: 0, features: names,
                model: try QuantileRegression.fit(data, quantile: 0.9), training: training, holdout: nil),
        ]
        for model in models { try model.write(to: folder + "/" + model.name + ".json") }
    }
}
