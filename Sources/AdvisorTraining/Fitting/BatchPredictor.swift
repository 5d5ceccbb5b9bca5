public import AdvisorInput
public import AdvisorLearning

/// `advisor predict`: one prediction per row of a CSV that has the model's feature columns, in file order.
public enum BatchPredictor {
    /// Scores every row of `path`.
    /// - Returns: predictions on the target's scale (probabilities for a logistic model).
    /// - Throws: `InputError` naming file, line and column of a value it cannot accept, or a missing feature column;
    ///   `.nonFinite` naming the line of a row whose prediction is not a finite number.
    public static func run(model: ModelArtifact, path: String, chunkCount: Int = 16) throws(InputError) -> [Double] {
        let buffer = try InputBuffer.open(path: path)
        let header = try CSVHeader(buffer: buffer)
        var columns: [Int] = []
        for name in model.features { columns.append(try header.require(name, file: buffer.path)) }
        let scorer = LinearScorer(model)
        let width = scorer.featureCount
        let slots = ChunkSlots(count: chunkCount, initial: [Double]())
        try NumericScan.run(buffer: buffer, header: header, columns: columns, chunkCount: chunkCount) { chunk, values, count in
            slots.update(chunk) { predictions in
                for row in 0..<count {
                    predictions.append(scorer.predict(UnsafeBufferPointer(rebasing: values[(row * width)..<((row + 1) * width)])))
                }
            }
        }
        let predictions = slots.values.flatMap { $0 }
        if let row = predictions.firstIndex(where: { !$0.isFinite }) {
            throw InputError(
                code: .nonFinite, file: buffer.path, line: lineOfRow(row, buffer, header),
                message:
                    "the model predicts \(predictions[row]) for this row: its features lie far outside the data the model was fitted on")
        }
        return predictions
    }

    /// The line of the 0-based data row `row`, by a second pass: blank lines make it more than `row + 2`.
    private static func lineOfRow(_ row: Int, _ buffer: InputBuffer, _ header: CSVHeader) -> Int? {
        var seen = 0
        var line: Int?
        struct Found: Error {}
        try? CSVReader(buffer: buffer, header: header).forEachRow { current in
            if seen == row {
                line = current.line
                throw Found()
            }
            seen += 1
        }
        return line
    }
}
