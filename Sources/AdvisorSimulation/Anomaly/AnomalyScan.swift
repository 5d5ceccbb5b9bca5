public import AdvisorObservability
import Foundation

/// The detector run over a whole series, with the flagged stretches turned into insights a person can act on.
public struct AnomalyScan: Sendable {
    /// A run of anomalous rows (gaps shorter than an hour joined), described at its worst row.
    public struct FlaggedWindow: Sendable, Encodable, Equatable {
        public var start: String
        public var end: String
        public var rows: Int
        /// The window's first and last rows (0-based, in file order), for a picture of the series.
        public var firstRow: Int
        public var lastRow: Int
        public var peakTime: String
        public var peakScore: Double
        public var value: Double
        public var forecast: Double
        /// How far the value was from its forecast, relative to the forecast's size (0.5 = 50% above).
        public var relativeDeviation: Double
        public var outOfRange: Bool
        /// One sentence: which metric, since when, how far from its forecast.
        public var insight: String
    }

    /// The score of every row, in file order.
    public var scores: [Double]
    /// The detector's forecast of every row.
    public var forecasts: [Double]
    /// The flagged stretches, in time order.
    public var flagged: [FlaggedWindow]

    /// Runs a fresh detector over `series`.
    public init(series: TimeSeriesFile, configuration: AnomalyDetector.Configuration = .init()) {
        var detector = AnomalyDetector(configuration: configuration)
        var verdicts: [AnomalyDetector.Verdict] = []
        verdicts.reserveCapacity(series.values.count)
        for (value, time) in zip(series.values, series.times) { verdicts.append(detector.observe(value, at: time)) }
        scores = verdicts.map(\.score)
        forecasts = verdicts.map(\.forecast)
        flagged = Self.windows(verdicts: verdicts, series: series, joinGap: max(1, configuration.samplesPerDay / 24))
    }

    private static func windows(verdicts: [AnomalyDetector.Verdict], series: TimeSeriesFile, joinGap: Int) -> [FlaggedWindow] {
        var runs: [ClosedRange<Int>] = []
        for (row, verdict) in verdicts.enumerated() where verdict.isAnomalous {
            if let last = runs.last, row - last.upperBound <= joinGap {
                runs[runs.count - 1] = last.lowerBound...row
            } else {
                runs.append(row...row)
            }
        }
        let metric = "\(series.column) in \((series.path as NSString).lastPathComponent)"
        return runs.map { run in
            let peak = run.max { verdicts[$0].score < verdicts[$1].score }!
            let value = series.values[peak]
            let forecast = verdicts[peak].forecast
            let relative = (value - forecast) / max(abs(forecast), 1e-12)
            let direction = value >= forecast ? "above" : "below"
            let reason = verdicts[peak].isOutOfRange ? "beyond every earlier value" : "unlike its recent behaviour"
            let insight =
                "\(metric) anomalous since \(series.timestampTexts[run.lowerBound]): \(value.formatted3) at "
                + "\(series.timestampTexts[peak]) against a forecast of \(forecast.formatted3) "
                + "(\((abs(relative) * 100).formatted3)% \(direction)), \(reason)"
            return FlaggedWindow(
                start: series.timestampTexts[run.lowerBound], end: series.timestampTexts[run.upperBound], rows: run.count,
                firstRow: run.lowerBound, lastRow: run.upperBound,
                peakTime: series.timestampTexts[peak], peakScore: verdicts[peak].score, value: value, forecast: forecast,
                relativeDeviation: relative, outOfRange: verdicts[peak].isOutOfRange, insight: insight)
        }
    }
}

extension Double {
    /// Three significant digits, for sentences.
    fileprivate var formatted3: String { String(format: "%.3g", self) }
}
