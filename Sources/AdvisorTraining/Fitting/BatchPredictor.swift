public import AdvisorInput
public import AdvisorLearning

/// `advisor predict`: one prediction per row of a CSV that has the model's feature columns, in file order.
public enum BatchPredictor {
    /// Scores every row of `path`.
    /// - Returns: predictions on the target's scale (probabilities for a logistic model).
    /// - Throws: `InputError` naming file, line and column of a value it cannot accept, or a missing feature column.
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
        return slots.values.flatMap { $0 }
    }
}
