import AdvisorObservability
import AdvisorSimulation
import AdvisorTestSupport
import AdvisorTesting
import Testing

struct AnomalyDetectorTests {
    /// A real CPU series whose one labelled window (rows 1526…1868) holds a drop far below anything seen before.
    static let series = "nab-aws-cloudwatch/ec2_cpu_utilization_825cc2.csv"

    @Test func scoresStayInTheUnitIntervalAndTheLabelledDropIsFlagged() throws {
        let file = try TimeSeriesFile.read(path: try SharedData.path(Self.series))
        var detector = AnomalyDetector()
        let verdicts = zip(file.values, file.times).map { detector.observe($0, at: $1) }
        #expect(verdicts.allSatisfy { $0.score >= 0 && $0.score < 1 })
        #expect(verdicts[1526...1868].contains { $0.isAnomalous && $0.isOutOfRange })
        // Few alarms elsewhere after the first day of learning: under 1% of the rows.
        let elsewhere = verdicts.indices.filter { $0 >= 288 && !(1526...1868).contains($0) && verdicts[$0].isAnomalous }
        #expect(elsewhere.count < file.values.count / 100)
    }

    @Test func theSameSamplesGiveTheSameScores() throws {
        let file = try TimeSeriesFile.read(path: try SharedData.path(Self.series))
        var first = AnomalyDetector()
        var second = AnomalyDetector()
        for (value, time) in zip(file.values.prefix(1500), file.times) {
            #expect(first.observe(value, at: time) == second.observe(value, at: time))
        }
    }

    @Test func theMonitorStampsSamplesWithTheInjectedClock() throws {
        let file = try TimeSeriesFile.read(path: try SharedData.path(Self.series))
        let clock = ManualClock()
        let monitor = AnomalyMonitor(clock: clock, startTime: file.times[0])
        var detector = AnomalyDetector()
        for (index, value) in file.values.prefix(700).enumerated() {
            #expect(monitor.record(value) == detector.observe(value, at: file.times[0] + 300 * Double(index)))
            clock.advance(by: .seconds(300))
        }
    }
}
