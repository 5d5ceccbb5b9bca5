import AdvisorLearning
import AdvisorTraining
import ArgumentParser
import Foundation

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Score a model on every row of a CSV: one prediction per row, as CSV with the header 'prediction'.",
        discussion: """
            The CSV needs the model's feature columns (by name, any order; other columns are ignored). \
            Predictions are on the target's scale: a probability for a logistic model, milliseconds for the \
            latency models of 'advisor train'. Values are printed with full precision (shortest exact form).

              advisor predict Models/next_60s.json data.csv > predictions.csv
            """)

    @Argument(help: "Model file written by 'advisor train' or 'advisor fit'.", completion: .file(extensions: ["json"]))
    var model: String

    @Argument(help: "CSV with the model's feature columns, optionally .gz.", completion: .file(extensions: ["csv", "gz"]))
    var file: String

    @Flag(help: "Print one JSON object {model, rows, predictions} instead of CSV.")
    var json = false

    func run() throws {
        let artifact = try ModelArtifact.load(path: model)
        let predictions = try BatchPredictor.run(model: artifact, path: file)
        if json {
            try Console.printJSON(Output(model: model, rows: predictions.count, predictions: predictions))
            return
        }
        var text = "prediction\n"
        text.reserveCapacity(predictions.count * 20)
        for (index, value) in predictions.enumerated() {
            text += value.description
            text += "\n"
            if index % 65536 == 65535 {
                try Console.write(text)
                text.removeAll(keepingCapacity: true)
            }
        }
        try Console.write(text)
    }

    struct Output: Encodable {
        var model: String
        var rows: Int
        var predictions: [Double]
    }
}
