/// An online anomaly detector for one server metric: O(1) work and memory per sample.
///
/// Two ridge forecasts run side by side on the same samples: one on the last values and the time of day,
/// which flags sudden breaks, and one on the time of day and the value a day earlier only, which flags
/// level shifts that persist. Each forecast's errors feed an anomaly likelihood (the recent errors against
/// their own long-run distribution). The larger surprise is then compared with the largest one of the last
/// week (each sample counting at most twice the bar it met), so a score reports "more surprising than anything lately" on every metric alike, and a value
/// beyond the whole range seen so far is flagged outright.
///
/// The detector is a plain value, driven by the caller's samples and their times; `AnomalyMonitor` wraps it
/// for concurrent use with an injected clock.
public struct AnomalyDetector: Sendable {
    /// What the detector says about one sample.
    public struct Verdict: Sendable, Equatable {
        /// The anomaly score in [0, 1); the sample is anomalous when it reaches the threshold.
        public var score: Double
        /// The detector's forecast of the sample before it was seen (the fast forecast).
        public var forecast: Double
        /// Whether the score reached the configuration's threshold.
        public var isAnomalous: Bool
        /// Whether the value lies beyond the range of every earlier sample by more than the tolerance.
        public var isOutOfRange: Bool
    }

    /// The detector's settings; the defaults suit metrics sampled every five minutes.
    public struct Configuration: Sendable, Equatable {
        /// Samples in one day: the seasonal lag and the refit period of the forecasts.
        public var samplesPerDay = 288
        /// Days of samples the forecasts are fitted on and the surprise is judged against.
        public var daysRemembered = 7
        /// The score from which a sample is anomalous: 0.6 means 1.5 times as surprising as the most
        /// surprising sample of the last `daysRemembered` days.
        public var threshold = 0.6
        /// How far beyond the range seen so far, as a fraction of that range, a value is out of range.
        public var rangeTolerance = 0.05

        public init() {}
    }

    public let configuration: Configuration
    private var history: RecentValues
    private var fast: OnlineForecaster
    private var slow: OnlineForecaster
    private var fastSurprise: ResidualSurprise
    private var slowSurprise: ResidualSurprise
    private var recentMaximum: RollingMaximum
    private var minimum = Double.infinity
    private var maximum = -Double.infinity
    private var samples = 0

    /// Creates a detector that has seen nothing.
    public init(configuration: Configuration = Configuration()) {
        precondition(configuration.samplesPerDay >= 2 && configuration.daysRemembered >= 1, "a day needs two samples")
        self.configuration = configuration
        let day = configuration.samplesPerDay
        let remembered = day * configuration.daysRemembered
        history = RecentValues(capacity: max(day, 12))
        fast = OnlineForecaster(inputs: .recent, samplesPerDay: day, blocksKept: configuration.daysRemembered, alpha: 1)
        slow = OnlineForecaster(inputs: .seasonal, samplesPerDay: day, blocksKept: configuration.daysRemembered, alpha: 1)
        fastSurprise = ResidualSurprise(shortWindow: 1, longWindow: remembered, scaleMemory: day, cap: 10, warmUp: day)
        slowSurprise = ResidualSurprise(
            shortWindow: max(1, day / 48), longWindow: remembered, scaleMemory: day, cap: 10, warmUp: day)
        recentMaximum = RollingMaximum(window: remembered)
    }

    /// Scores one sample and learns from it.
    /// - Parameters:
    ///   - value: the metric's value; a value that is not finite is scored 0 and not learnt.
    ///   - time: the sample's time in seconds since 1970 UTC (any origin works; it sets the time of day).
    /// - Returns: the verdict on this sample, judged only on the samples before it.
    /// - Complexity: amortised O(1): a refit every `samplesPerDay` samples costs O(`samplesPerDay`).
    public mutating func observe(_ value: Double, at time: Double) -> Verdict {
        guard value.isFinite else { return Verdict(score: 0, forecast: .nan, isAnomalous: false, isOutOfRange: false) }
        defer {
            history.append(value)
            minimum = min(minimum, value)
            maximum = max(maximum, value)
            samples += 1
        }
        guard history.count > 0 else { return Verdict(score: 0, forecast: value, isAnomalous: false, isOutOfRange: false) }
        let secondsInDay = 86_400.0
        let phase =
            (time.truncatingRemainder(dividingBy: secondsInDay) + secondsInDay)
            .truncatingRemainder(dividingBy: secondsInDay) / secondsInDay
        let fastForecast = fast.forecast(history: history, dayPhase: phase)
        let slowForecast = slow.forecast(history: history, dayPhase: phase)
        fast.learn(actual: value)
        slow.learn(actual: value)
        let surprise = max(
            fastSurprise.add(error: value - fastForecast), slowSurprise.add(error: value - slowForecast))
        let lately = max(recentMaximum.maximum(), 1)
        let ratio = surprise / lately
        // An anomaly raises the bar for the week after it by at most a factor of two, so that a second
        // anomaly in the same week is not hidden behind the first.
        recentMaximum.add(min(surprise, 2 * lately))
        var score = ratio / (1 + ratio)
        let range = max(maximum - minimum, 1e-12)
        let beyond = max(value - maximum, minimum - value) / range
        let outOfRange = samples >= configuration.samplesPerDay && beyond > configuration.rangeTolerance
        if outOfRange { score = max(score, AnomalyDetector.outOfRangeScore) }
        return Verdict(
            score: score, forecast: fastForecast, isAnomalous: score >= configuration.threshold, isOutOfRange: outOfRange)
    }

    /// The score of a value beyond the range seen so far: anomalous at any threshold up to it.
    static let outOfRangeScore = 0.9
}
