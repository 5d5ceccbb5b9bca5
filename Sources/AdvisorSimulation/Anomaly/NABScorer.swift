import Foundation

/// The Numenta Anomaly Benchmark's scoring rules, written from its documentation and its `sweeper.py`.
///
/// Every row after the probationary period (the first 15% of a file, at most 750 rows) is scored. A
/// detection inside a labelled window earns the scaled sigmoid of its position (`2σ(−5x) − 1`, scaled so the
/// window's first row earns A_TP); only a window's best (earliest) detection counts, and a window without one
/// costs A_FN. A detection outside every window costs A_FP times the sigmoid of its distance past the last
/// window (full cost before the first window or three window lengths past one). The threshold is swept over
/// every score the corpus holds, all files together, and the corpus total is normalised so that the null
/// detector scores 0 and a perfect one 100.
public struct NABScorer: Sendable {
    /// The share of each file's rows that is never scored.
    public var probationFraction = 0.15

    public init() {}

    /// The number of unscored rows at the start of a file of `rows` rows.
    public func probationLength(rows: Int) -> Int {
        Int(min((probationFraction * Double(rows)).rounded(.down), probationFraction * 5000))
    }

    /// A scored row: the window it lies in (nil outside every window) and what detecting it would add.
    struct ScoredRow {
        var window: Int?
        var weight: Double
    }

    /// NAB's scaled sigmoid of a relative position: near 1 at a window's start, 0 at its end, −1 far past it.
    static func scaledSigmoid(_ position: Double) -> Double {
        position >= 3 ? -1 : 2 / (1 + exp(5 * position)) - 1
    }

    /// The rows after probation with their windows and weights under `profile`.
    func scoredRows(_ series: NABSeries, profile: NABProfile) -> [(row: Int, scored: ScoredRow)] {
        let probation = probationLength(rows: series.scores.count)
        let bestTruePositive = NABScorer.scaledSigmoid(-1)
        var rows: [(row: Int, scored: ScoredRow)] = []
        rows.reserveCapacity(max(0, series.scores.count - probation))
        var nextWindow = 0
        var previous: ClosedRange<Int>?
        for row in series.scores.indices {
            while nextWindow < series.windows.count, series.windows[nextWindow].upperBound < row {
                previous = series.windows[nextWindow]
                nextWindow += 1
            }
            let scored: ScoredRow
            if nextWindow < series.windows.count, series.windows[nextWindow].contains(row) {
                let window = series.windows[nextWindow]
                let position = -Double(window.upperBound - row + 1) / Double(window.count)
                scored = ScoredRow(
                    window: nextWindow,
                    weight: NABScorer.scaledSigmoid(position) * profile.truePositiveWeight / bestTruePositive)
            } else {
                var position = 3.0
                if let previous, previous.count > 1 { position = Double(row - previous.upperBound) / Double(previous.count - 1) }
                scored = ScoredRow(window: nil, weight: NABScorer.scaledSigmoid(position) * profile.falsePositiveWeight)
            }
            if row >= probation { rows.append((row, scored)) }
        }
        return rows
    }

    /// One file's score and counts when every row scoring at least `threshold` is a detection.
    public func score(_ series: NABSeries, threshold: Double, profile: NABProfile) -> NABFileScore {
        var result = NABFileScore(
            name: series.name, score: 0, truePositives: 0, trueNegatives: 0, falsePositives: 0, falseNegatives: 0)
        var windowScores: [Int: Double] = [:]
        var falsePositiveSum = 0.0
        for (row, scored) in scoredRows(series, profile: profile) {
            let detected = series.scores[row] >= threshold
            if let window = scored.window {
                let current = windowScores[window] ?? -profile.falseNegativeWeight
                windowScores[window] = detected ? max(current, scored.weight) : current
                if detected { result.truePositives += 1 } else { result.falseNegatives += 1 }
            } else if detected {
                falsePositiveSum += scored.weight
                result.falsePositives += 1
            } else {
                result.trueNegatives += 1
            }
        }
        result.score = falsePositiveSum + windowScores.keys.sorted().reduce(0) { $0 + windowScores[$1]! }
        return result
    }

    /// The corpus score at the best threshold NAB's sweep finds: every distinct score, all files together.
    /// - Returns: the threshold (1.1 when detecting nothing is best) and the raw corpus score there.
    public func bestThreshold(_ corpus: [NABSeries], profile: NABProfile) -> (threshold: Double, score: Double) {
        var candidates: [(score: Double, key: Int, weight: Double)] = []
        var windowScores: [Double] = []
        for series in corpus {
            let base = windowScores.count
            let rows = scoredRows(series, profile: profile)
            let scoredWindows = Set(rows.compactMap(\.scored.window))
            for row in rows {
                let key = row.scored.window.map { base + $0 } ?? -1
                candidates.append((series.scores[row.row], key, row.scored.weight))
            }
            windowScores += (0..<series.windows.count).map { scoredWindows.contains($0) ? -profile.falseNegativeWeight : 0 }
        }
        candidates.sort { $0.score > $1.score }
        var windowTotal = windowScores.reduce(0, +)
        var falsePositiveTotal = 0.0
        var best = (threshold: 1.1, score: windowTotal)
        var index = 0
        while index < candidates.count {
            let threshold = candidates[index].score
            while index < candidates.count, candidates[index].score == threshold {
                let candidate = candidates[index]
                if candidate.key < 0 {
                    falsePositiveTotal += candidate.weight
                } else if candidate.weight > windowScores[candidate.key] {
                    windowTotal += candidate.weight - windowScores[candidate.key]
                    windowScores[candidate.key] = candidate.weight
                }
                index += 1
            }
            if windowTotal + falsePositiveTotal > best.score { best = (threshold, windowTotal + falsePositiveTotal) }
        }
        return best
    }

    /// NAB's normalised score: 0 for the null detector (every window missed), 100 for a perfect one.
    ///
    /// As in NAB, "perfect" counts every labelled window and the null detector's score counts the windows
    /// that reach past probation (the only ones it can miss).
    public func normalized(rawScore: Double, corpus: [NABSeries], profile: NABProfile) -> Double {
        let windows = Double(corpus.reduce(0) { $0 + $1.windows.count })
        let scorable = corpus.reduce(0) { total, series in
            let probation = probationLength(rows: series.scores.count)
            return total + series.windows.filter { $0.upperBound >= probation }.count
        }
        let null = -Double(scorable) * profile.falseNegativeWeight
        let perfect = windows * profile.truePositiveWeight
        return perfect > null ? 100 * (rawScore - null) / (perfect - null) : 0
    }
}
