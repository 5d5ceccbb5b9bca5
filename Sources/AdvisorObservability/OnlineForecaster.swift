import AdvisorLearning
import Foundation

/// A one-step-ahead forecast by ridge regression, refitted on a sliding window of recent samples.
///
/// Rows are gathered in blocks of a day; each finished block becomes one `GramAccumulator`, and every refit merges
/// the newest `blocksKept` blocks, so the model always describes the last `blocksKept × blockLength`
/// samples at O(m²) amortised cost per sample, whatever the series' length. Until the first fit the
/// forecast is the `fallback` rule (the previous value, or the running mean).
struct OnlineForecaster: Sendable {
    /// Which inputs the regression sees.
    enum Inputs: Sendable {
        /// The last three values, the mean of the last twelve, the value a day ago and the time of day:
        /// tracks the series closely, so its residuals flag sudden breaks.
        case recent
        /// The value a day ago and the time of day only: ignores the last hour, so a level shift leaves
        /// residuals that persist until the window absorbs it.
        case seasonal

        var count: Int { self == .recent ? 9 : 5 }
    }

    let inputs: Inputs
    /// The seasonal lag, and the length of a block (one refit a day).
    private let samplesPerDay: Int
    private let blockLength: Int
    private let blocksKept: Int
    private let alpha: Double
    private var shift: [Double]?
    private var blocks: [GramAccumulator] = []
    private var pending: [Double] = []
    private var pendingRows = 0
    private var model: LinearModel?
    private var features: [Double]
    private var runningSum = 0.0
    private var seen = 0

    init(inputs: Inputs, samplesPerDay: Int, blocksKept: Int, alpha: Double) {
        self.inputs = inputs
        self.samplesPerDay = samplesPerDay
        self.blockLength = samplesPerDay
        self.blocksKept = blocksKept
        self.alpha = alpha
        self.features = [Double](repeating: 0, count: inputs.count)
        pending.reserveCapacity(blockLength * (inputs.count + 1))
    }

    /// The forecast for the next sample given the history before it and its time of day.
    /// - Parameters:
    ///   - history: the samples so far (at least one).
    ///   - dayPhase: the next sample's time of day as a fraction of a day, in [0, 1).
    mutating func forecast(history: RecentValues, dayPhase: Double) -> Double {
        fillFeatures(history: history, dayPhase: dayPhase)
        if let model { return model.linearPredictor(features) }
        switch inputs {
        case .recent: return history.value(lag: 1)
        case .seasonal: return runningSum / Double(max(seen, 1))
        }
    }

    /// Records the sample just forecast (its features are the ones the last `forecast` built), refitting
    /// when a block completes.
    mutating func learn(actual: Double) {
        seen += 1
        runningSum += actual
        let row = features + [actual]
        if shift == nil { shift = row }
        pending.append(contentsOf: row)
        pendingRows += 1
        guard pendingRows == blockLength, let shift else { return }
        var block = GramAccumulator(shift: shift)
        pending.withUnsafeBufferPointer { block.add(rows: $0, count: pendingRows, stride: row.count) }
        pending.removeAll(keepingCapacity: true)
        pendingRows = 0
        blocks.append(block)
        if blocks.count > blocksKept { blocks.removeFirst() }
        if let merged = GramAccumulator.merged(blocks), let fitted = try? RidgeRegression.fit(merged.moments(), alpha: alpha) {
            model = fitted
        }
    }

    private mutating func fillFeatures(history: RecentValues, dayPhase: Double) {
        let angle = 2 * Double.pi * dayPhase
        let harmonics = [sin(angle), cos(angle), sin(2 * angle), cos(2 * angle)]
        let daily = history.value(lag: samplesPerDay)
        switch inputs {
        case .recent:
            features[0] = history.value(lag: 1)
            features[1] = history.value(lag: 2)
            features[2] = history.value(lag: 3)
            features[3] = history.mean(ofLast: 12)
            features[4] = daily
            for (offset, value) in harmonics.enumerated() { features[5 + offset] = value }
        case .seasonal:
            for (offset, value) in harmonics.enumerated() { features[offset] = value }
            features[4] = daily
        }
    }

}
