import AdvisorLearning
import ArgumentParser
import Foundation

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what a model is, what it was trained on, and how well it did on held-out data.",
        discussion: "The file is validated as the runtime would load it. With --json the model file itself is printed.")

    @Argument(help: "Model file.", completion: .file(extensions: ["json"]))
    var model: String

    @Flag(help: "Print the validated model as one JSON object.")
    var json = false

    func run() throws {
        let artifact = try ModelArtifact.load(path: model)
        if json {
            try Console.printJSON(artifact)
        } else {
            try Console.print(Self.describe(artifact))
        }
    }

    static func describe(_ model: ModelArtifact) -> String {
        var lines = [
            "model \(model.name): \(model.kind.rawValue)\(model.quantile.map { " (quantile \($0))" } ?? "") of \(model.target), link \(model.link.rawValue), alpha \(String(format: "%.4g", model.alpha)), schema v\(model.schemaVersion), \(model.createdBy)",
            "trained on \(model.training.source) [\(model.training.fingerprint)], \(model.training.rows) rows, \(model.training.split)",
            "solver \(model.diagnostics.solver), rank \(model.diagnostics.rank), rcond \(String(format: "%.2g", model.diagnostics.reciprocalCondition)), iterations \(model.diagnostics.iterations)\(model.diagnostics.converged ? "" : " (NOT converged)")",
        ]
        if !model.diagnostics.constantFeatures.isEmpty {
            lines.append(
                "constant on the training rows (coefficient 0): \(model.diagnostics.constantFeatures.map { model.features[$0] }.joined(separator: ", "))"
            )
        }
        if let holdout = model.holdout {
            lines.append("hold-out (\(holdout.rows) rows): \(Console.metrics(holdout.metrics))")
            lines.append("baseline, \(holdout.baseline): \(Console.metrics(holdout.baselineMetrics))")
        }
        let raw = model.linearModel
        var rows = [["feature", "coefficient (standardized)", "coefficient (raw)", "mean", "scale"]]
        rows.append(["(intercept)", String(format: "%.6g", model.intercept), String(format: "%.6g", raw.rawIntercept), "", ""])
        for (index, name) in model.features.enumerated() {
            rows.append([
                name, String(format: "%.6g", model.coefficients[index]), String(format: "%.6g", raw.rawCoefficients[index]),
                String(format: "%.6g", model.standardization.mean[index]), String(format: "%.6g", model.standardization.scale[index]),
            ])
        }
        lines.append(Console.table(rows))
        return lines.joined(separator: "\n")
    }
}
