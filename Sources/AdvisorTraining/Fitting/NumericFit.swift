import AdvisorInput
public import AdvisorLearning
import AdvisorSupport
public import AdvisorTraces
import Foundation

/// `advisor fit`: a regression of one column of a numeric CSV on others, streamed on both cores.
///
/// Ridge/OLS never holds the rows: each of `blockCount` time-ordered byte ranges of the file is
/// parsed into its own `GramAccumulator`, so memory is O(p²) and the file is read once. The
/// blocks double as the folds of the time-ordered cross-validation and as the hold-out: the last
/// fifth of the blocks scores a model fitted on the rest. Logistic and quantile fits need several
/// passes, so they keep the parsed rows in memory.
public enum NumericFit {
    public struct Request: Sendable {
        public var path: String
        public var target: String
        /// Feature columns; every other numeric column when nil.
        public var features: [String]?
        public var kind: ModelArtifact.Kind = .ridge
        /// Penalty; chosen by time-ordered cross-validation for ridge when nil, 1 for logistic, 0 for quantile.
        public var alpha: Double?
        public var quantile: Double = 0.5
        /// A column of non-negative sample weights.
        public var weightColumn: String?
        public var holdoutFraction = 0.2
        /// The most decompressed bytes held in memory, and the window a longer compressed file is parsed
        /// in (settable so that tests stream small real files).
        package var heldBytes = NumericFit.heldBytes
        package var windowBytes = 16 << 20

        public init(path: String, target: String) {
            self.path = path
            self.target = target
        }
    }

    private static let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]

    /// The most decompressed bytes a fit holds in memory; a longer compressed file is streamed.
    static let heldBytes = 48 << 20

    /// Number of time-ordered blocks the file is cut into.
    static let blockCount = 20
    /// The most features a fit takes: each block holds an m × m Gram matrix, so memory grows with m².
    static let featureLimit = 4096
    /// Memory the blocks' Gram matrices may take together; a wide file gets fewer (at least 3) blocks.
    static let gramBudget = 256 << 20

    /// Blocks for `m` columns: `blockCount`, or fewer when their Gram matrices would pass `gramBudget`.
    static func blocks(columns m: Int) -> Int {
        max(3, min(blockCount, gramBudget / max(m * m * MemoryLayout<Double>.size, 1)))
    }

    /// Reads, fits and scores.
    /// - Returns: the model (fitted on every row) with its hold-out evaluation, and the seconds spent.
    /// - Throws: `InputError` for bad input (file, line, column), `LearningError` for a fit that cannot be made.
    public static func run(_ request: Request, progress: ProgressHandler? = nil) throws -> TrainedModel {
        let clock = ContinuousClock()
        let start = clock.now
        // A compressed file longer than `heldBytes` is parsed window by window, so memory stays bounded.
        let (buffer, rest) = try InputBuffer.open(path: request.path, holdingAtMost: request.heldBytes)
        let header = try CSVHeader(buffer: buffer)
        guard rest != nil || buffer.withBytes({ $0[header.dataStart...].contains { !Self.whitespace.contains($0) } }) else {
            throw InputError(code: .emptyFile, file: buffer.path, line: 2, message: "the file has a header but no rows")
        }
        let targetColumn = try header.require(request.target, file: buffer.path)
        let weightColumn = try request.weightColumn.map { name throws(InputError) in try header.require(name, file: buffer.path) }
        let featureColumns: [Int]
        if let names = request.features {
            var columns: [Int] = []
            for name in names { columns.append(try header.require(name, file: buffer.path)) }
            featureColumns = columns
        } else {
            featureColumns = try RequestTrace.numericColumns(buffer, header).filter { $0 != targetColumn && $0 != weightColumn }
        }
        let names = featureColumns.map { header.names[$0] }
        guard !featureColumns.isEmpty else {
            throw LearningError(.invalidArgument, "\(buffer.path): no numeric feature columns besides the target \(request.target)")
        }
        guard featureColumns.count <= featureLimit else {
            throw LearningError(
                .invalidArgument,
                "\(buffer.path): \(featureColumns.count) feature columns; a fit takes at most \(featureLimit) (choose some with --features)"
            )
        }
        let columns = featureColumns + [targetColumn] + (weightColumn.map { [$0] } ?? [])
        let m = featureColumns.count + 1
        progress?("reading \(buffer.path) (\(rest == nil ? "\(buffer.count / 1_000_000) MB" : "streamed"), \(names.count) features")
        let nonNegative = weightColumn == nil ? [:] : [m: "a sample weight"]
        var streamed = Fingerprint.Stream()
        if rest != nil { buffer.withBytes { streamed.add($0) } }
        /// Every row through `sink`, from memory or window by window.
        func scan(chunkCount: Int, _ sink: NumericScan.Sink) throws(InputError) {
            if let rest {
                _ = try NumericScan.run(
                    start: buffer, rest: rest, header: header, columns: columns, nonNegative: nonNegative, chunkCount: chunkCount,
                    windowBytes: request.windowBytes, observe: { streamed.add($0) }, sink: sink)
            } else {
                try NumericScan.run(
                    buffer: buffer, header: header, columns: columns, nonNegative: nonNegative, chunkCount: chunkCount, sink: sink)
            }
        }

        let blocks: [GramAccumulator]
        var rows: Dataset?
        if request.kind == .ridge {
            let first = try firstRowValues(buffer, header)
            let shift = columns.prefix(m).map { first.indices.contains($0) ? first[$0] ?? 0 : 0 }
            let blockCount = Self.blocks(columns: m)
            let slots = ChunkSlots(count: blockCount, initial: GramAccumulator(shift: shift))
            let weightIndex = weightColumn == nil ? nil : m
            try LinearAlgebraThreads.single {
                try scan(chunkCount: blockCount) { chunk, values, count in
                    slots.update(chunk) { $0.add(rows: values, count: count, stride: columns.count, weightColumn: weightIndex) }
                }
            }
            blocks = slots.values.filter { $0.rowCount > 0 }
        } else {
            let slots = ChunkSlots(count: blockCount, initial: [Double]())
            try scan(chunkCount: blockCount) { chunk, values, count in
                slots.update(chunk) { $0.append(contentsOf: values.prefix(count * columns.count)) }
            }
            let values = slots.values.flatMap { $0 }
            rows = try dataset(values, stride: columns.count, featureCount: m - 1, weighted: weightColumn != nil)
            blocks = []
        }
        let totalRows = rows?.rowCount ?? blocks.reduce(0) { $0 + $1.rowCount }
        guard totalRows > 0 else { throw InputError(code: .emptyFile, file: buffer.path, message: "the file has a header but no rows") }
        // Without a penalty, more coefficients than rows is underdetermined, and on a wide file the penalty
        // search would take minutes before saying so. A given --alpha makes the fit well posed.
        guard totalRows > names.count || request.kind != .ridge || request.alpha != nil else {
            throw LearningError(
                .tooFewRows,
                "\(buffer.path): \(names.count) features but only \(totalRows) rows; give --alpha > 0, fewer features (--features) or more rows"
            )
        }
        progress?("parsed \(totalRows) rows; fitting \(request.kind.rawValue)")

        let fingerprint = rest == nil ? Fingerprint.of(buffer) : streamed.value()
        let (artifactModel, alpha, holdout, trainedRows) = try fit(request, blocks: blocks, rows: rows)
        let elapsed = clock.now - start
        let artifact = ModelArtifact(
            name: request.target, kind: request.kind, target: request.target, link: request.kind == .logistic ? .logistic : .identity,
            quantile: request.kind == .quantile ? request.quantile : nil, alpha: alpha, features: names, model: artifactModel,
            training: ModelArtifact.TrainingData(
                source: request.path, fingerprint: fingerprint, rows: trainedRows,
                split:
                    "all \(trainedRows) rows; hold-out figures from a refit on the first \(100 - Int(request.holdoutFraction * 100))% scored on the rest"
            ),
            holdout: holdout)
        return TrainedModel(artifact: artifact, fitSeconds: elapsed.seconds)
    }

    private static func fit(_ request: Request, blocks: [GramAccumulator], rows: Dataset?) throws(LearningError) -> (
        LinearModel, Double, ModelArtifact.Evaluation?, Int
    ) {
        if let rows {
            let split = trainingCount(rows: rows.rowCount, holdoutFraction: request.holdoutFraction)
            let fitRows = { (data: Dataset) throws(LearningError) -> LinearModel in
                request.kind == .logistic
                    ? try LogisticRegression.fit(data, alpha: request.alpha ?? 1)
                    : try QuantileRegression.fit(data, quantile: request.quantile)
            }
            var evaluation: ModelArtifact.Evaluation?
            if split >= 2, split < rows.rowCount {
                let train = rows.rows(0..<split)
                let holdout = rows.rows(split..<rows.rowCount)
                let linearPredictor = predictions(try fitRows(train), holdout)
                if request.kind == .logistic {
                    let rate = train.targets.reduce(0, +) / Double(train.rowCount)
                    evaluation = .init(
                        rows: holdout.rowCount,
                        metrics: Metrics.classification(
                            labels: holdout.targets, probabilities: linearPredictor.map(LogisticRegression.sigmoid)),
                        baseline: "training base rate",
                        baselineMetrics: Metrics.classification(
                            labels: holdout.targets, probabilities: .init(repeating: rate, count: holdout.rowCount)))
                } else {
                    let constant = EmpiricalQuantile.value(request.quantile, of: train.targets)
                    evaluation = .init(
                        rows: holdout.rowCount,
                        metrics: Metrics.quantile(actual: holdout.targets, predicted: linearPredictor, quantile: request.quantile),
                        baseline: "training quantile",
                        baselineMetrics: Metrics.quantile(
                            actual: holdout.targets, predicted: .init(repeating: constant, count: holdout.rowCount),
                            quantile: request.quantile))
                }
            }
            return (try fitRows(rows), request.kind == .logistic ? request.alpha ?? 1 : 0, evaluation, rows.rowCount)
        }
        let all = GramAccumulator.merged(blocks)!
        let holdoutBlocks = min(blocks.count - 1, Int((Double(blocks.count) * request.holdoutFraction).rounded()))
        let trainBlocks = Array(blocks.prefix(blocks.count - holdoutBlocks))
        let ratio = request.alpha == nil ? PenaltySelection.chooseRidgeRatio(blocks: trainBlocks).ratio : nil
        let alphaFor = { (weight: Double) in request.alpha ?? ratio! * weight }
        var evaluation: ModelArtifact.Evaluation?
        if holdoutBlocks > 0, let train = GramAccumulator.merged(trainBlocks),
            let holdout = GramAccumulator.merged(blocks.suffix(holdoutBlocks))
        {
            let trainMoments = train.moments()
            let model = try RidgeRegression.fit(trainMoments, alpha: alphaFor(trainMoments.totalWeight))
            evaluation = .init(
                rows: holdout.rowCount,
                metrics: Self.momentMetrics(holdout, intercept: model.rawIntercept, coefficients: model.rawCoefficients),
                baseline: "training mean",
                baselineMetrics: Self.momentMetrics(
                    holdout, intercept: trainMoments.mean.last!, coefficients: .init(repeating: 0, count: all.columns - 1)))
        }
        let moments = all.moments()
        let alpha = alphaFor(moments.totalWeight)
        return (try RidgeRegression.fit(moments, alpha: alpha), alpha, evaluation, all.rowCount)
    }

    /// R² and RMSE of a linear predictor on rows known only by their statistics (MAE and MAPE would need the rows).
    private static func momentMetrics(_ rows: GramAccumulator, intercept: Double, coefficients: [Double]) -> [String: Double] {
        let squared = rows.sumOfSquaredResiduals(intercept: intercept, coefficients: coefficients)
        let moments = rows.moments()
        let total = moments.crossProducts[moments.columns * moments.columns - 1]
        var result = ["rmse": (squared / moments.totalWeight).squareRoot()]
        result["r2"] = total > 0 ? 1 - squared / total : nil
        return result
    }

    /// Parsed rows (features, then target, then the weight if any) as a dataset, in file order.
    private static func dataset(_ values: [Double], stride: Int, featureCount: Int, weighted: Bool) throws(LearningError) -> Dataset {
        let rows = values.count / stride
        var features = [Double]()
        var targets = [Double]()
        var weights = [Double]()
        features.reserveCapacity(rows * featureCount)
        for row in 0..<rows {
            features.append(contentsOf: values[(row * stride)..<(row * stride + featureCount)])
            targets.append(values[row * stride + featureCount])
            if weighted { weights.append(values[row * stride + featureCount + 1]) }
        }
        return try Dataset(featureCount: featureCount, features: features, targets: targets, weights: weighted ? weights : nil)
    }
}
