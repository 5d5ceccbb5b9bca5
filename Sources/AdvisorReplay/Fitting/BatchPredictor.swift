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
        let sink = ChunkPredictions(count: chunkCount)
        try NumericScan.run(buffer: buffer, header: header, columns: columns, chunkCount: chunkCount) { chunk, values, count in
            sink.add(chunk: chunk, scorer: scorer, values: values, count: count)
        }
        return sink.ordered
    }
}

/// Per-chunk predictions filled concurrently; `@unchecked Sendable` is safe because each chunk writes
/// only its own slot, sequentially, and the outer array is never resized.
final class ChunkPredictions: @unchecked Sendable {
    private var chunks: [[Double]]

    init(count: Int) { chunks = Array(repeating: [], count: count) }

    func add(chunk: Int, scorer: LinearScorer, values: UnsafeBufferPointer<Double>, count: Int) {
        let width = scorer.featureCount
        chunks.withUnsafeMutableBufferPointer { slots in
            for row in 0..<count {
                slots[chunk].append(scorer.predict(UnsafeBufferPointer(rebasing: values[(row * width)..<((row + 1) * width)])))
            }
        }
    }

    var ordered: [Double] { chunks.flatMap { $0 } }
}
