import AdvisorSimulation
import AdvisorTestSupport
import Foundation
import Testing

/// The NAB scorer port, against NAB's published results and hand-computed cases.
struct NABScorerTests {
    /// NAB's published null-detector results on these files (numenta/NAB `results/null/null_standard_scores.csv`,
    /// commit 487c0f97dc8131539db039d45b366b8e9fd48b05): score, true negatives, false negatives (standard profile).
    static let publishedNull: [String: (score: Double, trueNegatives: Int, falseNegatives: Int)] = [
        "ec2_cpu_utilization_24ae8d.csv": (-2, 3026, 402), "ec2_cpu_utilization_53ea38.csv": (-2, 3026, 402),
        "ec2_cpu_utilization_5f5533.csv": (-2, 3026, 402), "ec2_cpu_utilization_77c1ca.csv": (-1, 3025, 403),
        "ec2_cpu_utilization_825cc2.csv": (-1, 3085, 343), "ec2_cpu_utilization_ac20cd.csv": (-1, 3025, 403),
        "ec2_cpu_utilization_c6585a.csv": (0, 3428, 0), "ec2_cpu_utilization_fe7f93.csv": (-3, 3023, 405),
        "ec2_disk_write_bytes_1ef3de.csv": (-1, 3548, 473), "ec2_disk_write_bytes_c0d644.csv": (-3, 3023, 405),
        "ec2_network_in_257a54.csv": (-1, 3025, 403), "ec2_network_in_5abac7.csv": (-2, 3547, 474),
        "elb_request_count_8c0756.csv": (-2, 3026, 402), "grok_asg_anomaly.csv": (-3, 3463, 465),
        "iio_us-east-1_i-a2eb1cd9_NetworkIn.csv": (-2, 931, 126), "rds_cpu_utilization_cc0c53.csv": (-2, 3026, 402),
        "rds_cpu_utilization_e47b3b.csv": (-2, 3026, 402), "cpu_utilization_asg_misconfiguration.csv": (-1, 15801, 1499),
        "ec2_request_latency_system_failure.csv": (-3, 3082, 346),
    ]

    /// The 19 AWS series with their labelled windows and a detector that never fires.
    static func nullCorpus() throws -> [NABSeries] {
        let folder = try SharedData.path("nab-aws-cloudwatch")
        let labels = try NABLabels.read(path: folder + "/anomaly_windows.json")
        return try publishedNull.keys.sorted().map { name in
            let series = try TimeSeriesFile.read(path: folder + "/" + name)
            let windows = try #require(labels.rowWindows(forFile: name, times: series.times))
            return NABSeries(name: name, scores: [Double](repeating: 0, count: series.values.count), windows: windows)
        }
    }

    @Test func theNullDetectorReproducesNABsPublishedCountsAndScores() throws {
        let scorer = NABScorer()
        let corpus = try Self.nullCorpus()
        #expect(corpus.reduce(0) { $0 + $1.windows.count } == 34)
        for series in corpus {
            let published = try #require(Self.publishedNull[series.name])
            for profile in NABProfile.all {
                let result = scorer.score(series, threshold: 0.5, profile: profile)
                #expect(abs(result.score - published.score * profile.falseNegativeWeight) < 1e-12, "\(series.name)")
                #expect(result.trueNegatives == published.trueNegatives && result.falseNegatives == published.falseNegatives)
                #expect(result.truePositives == 0 && result.falsePositives == 0)
            }
        }
        for profile in NABProfile.all {
            let best = scorer.bestThreshold(corpus, profile: profile)
            #expect(best.threshold == 1.1)
            #expect(scorer.normalized(rawScore: best.score, corpus: corpus, profile: profile) == 0)
        }
    }

    /// 100 rows: probation 15, one window over rows 40…49, detections at rows 45 and 60 (and 5, in probation).
    static let handCase = NABSeries(
        name: "hand", scores: (0..<100).map { [5, 45, 60].contains($0) ? 1 : 0 }, windows: [40...49])

    @Test func aHandComputedFileScoresAsTheRulesSay() {
        let scorer = NABScorer()
        // Row 45: position −(49 − 45 + 1)/10 = −0.5, 2σ(2.5) − 1 = 0.8482836399575131, scaled by 1/(2σ(5) − 1).
        let truePositive = 0.8482836399575131 / 0.9866142981514305
        // Row 60: (60 − 49)/(10 − 1) past the window, 2σ(−6.1111…) − 1 = −0.9955695648145853, times A_FP.
        let falsePositive = -0.995573648215434
        for profile in NABProfile.all {
            let result = scorer.score(Self.handCase, threshold: 0.5, profile: profile)
            #expect(abs(result.score - (truePositive * profile.truePositiveWeight + falsePositive * profile.falsePositiveWeight)) < 1e-12)
            #expect(result.truePositives == 1 && result.falsePositives == 1)
            #expect(result.falseNegatives == 9 && result.trueNegatives == 74)
        }
        #expect(scorer.probationLength(rows: 100) == 15)
        #expect(scorer.probationLength(rows: 18_050) == 750)
    }

    @Test func theSweepFindsTheThresholdThatKeepsTheTruePositiveOnly() {
        var series = Self.handCase
        series.scores[60] = 0.7
        series.scores[45] = 0.9
        let best = NABScorer().bestThreshold([series], profile: .standard)
        #expect(best.threshold == 0.9)
        #expect(abs(best.score - 0.8482836399575131 / 0.9866142981514305) < 1e-12)
    }
}
