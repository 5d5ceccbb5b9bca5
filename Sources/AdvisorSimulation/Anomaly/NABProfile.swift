/// One of the Numenta Anomaly Benchmark's application profiles: how much a detection, a false alarm and a
/// missed window weigh (NAB's `config/profiles.json`).
public struct NABProfile: Sendable, Equatable {
    /// The profile's name as NAB writes it (`standard`, `reward_low_FP_rate`, `reward_low_FN_rate`).
    public var name: String
    /// A_TP: the weight of the earliest detection in a window.
    public var truePositiveWeight: Double
    /// A_FP: the weight of a detection outside every window.
    public var falsePositiveWeight: Double
    /// A_FN: the cost of a window without a detection.
    public var falseNegativeWeight: Double

    public init(name: String, truePositiveWeight: Double, falsePositiveWeight: Double, falseNegativeWeight: Double) {
        self.name = name
        self.truePositiveWeight = truePositiveWeight
        self.falsePositiveWeight = falsePositiveWeight
        self.falseNegativeWeight = falseNegativeWeight
    }

    public static let standard = NABProfile(
        name: "standard", truePositiveWeight: 1, falsePositiveWeight: 0.11, falseNegativeWeight: 1)
    public static let rewardLowFalsePositives = NABProfile(
        name: "reward_low_FP_rate", truePositiveWeight: 1, falsePositiveWeight: 0.22, falseNegativeWeight: 1)
    public static let rewardLowFalseNegatives = NABProfile(
        name: "reward_low_FN_rate", truePositiveWeight: 1, falsePositiveWeight: 0.11, falseNegativeWeight: 2)

    /// The three profiles NAB reports, in its order.
    public static let all = [standard, rewardLowFalsePositives, rewardLowFalseNegatives]
}

/// One file of a NAB corpus: a detector's score for every row and the labelled anomaly windows.
public struct NABSeries: Sendable {
    /// The file's name, used to report its score.
    public var name: String
    /// The detector's anomaly score for each row, in time order.
    public var scores: [Double]
    /// The labelled windows as inclusive row ranges, in time order and disjoint.
    public var windows: [ClosedRange<Int>]

    public init(name: String, scores: [Double], windows: [ClosedRange<Int>]) {
        self.name = name
        self.scores = scores
        self.windows = windows
    }
}

/// A file's score at one threshold, with NAB's row counts.
public struct NABFileScore: Sendable, Equatable, Encodable {
    public var name: String
    public var score: Double
    public var truePositives: Int
    public var trueNegatives: Int
    public var falsePositives: Int
    public var falseNegatives: Int
}
