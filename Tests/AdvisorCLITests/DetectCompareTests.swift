import AdvisorTestSupport
import Foundation
import Testing

struct DetectCompareTests {
    static let nab = "nab-aws-cloudwatch"

    @Test func detectWritesOneScoredLinePerInputRow() async throws {
        let path = try SharedData.path("\(Self.nab)/iio_us-east-1_i-a2eb1cd9_NetworkIn.csv")
        let run = try await Advisor.run(["detect", path])
        #expect(run.status == 0, "\(run)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.first == "timestamp,value,anomaly_score")
        #expect(lines.count == 1 + 1243)
        let scores = lines.dropFirst().compactMap { $0.split(separator: ",").last.flatMap { Double($0) } }
        #expect(scores.count == 1243 && scores.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test func scoringAFewFilesReportsTheThreeNABProfiles() async throws {
        let folder = try SharedData.path(Self.nab)
        let run = try await Advisor.run([
            "detect", "--score", folder + "/anomaly_windows.json", folder + "/iio_us-east-1_i-a2eb1cd9_NetworkIn.csv",
            folder + "/ec2_cpu_utilization_825cc2.csv", "--json",
        ])
        #expect(run.status == 0, "\(run)")
        let object = try run.json()
        for key in ["nab_standard", "nab_reward_low_fp", "nab_reward_low_fn"] {
            let value = try #require(object[key] as? Double, "\(key) missing")
            #expect(value > -100 && value <= 100)
        }
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.count == 2)
        #expect(files.contains { (($0["insights"] as? [String]) ?? []).contains { $0.contains("beyond every earlier value") } })
    }

    @Test func aBadValueStopsWithFileLineAndColumnAndNoOutput() async throws {
        let folder = try ScratchFolder()
        let path = folder.url.appendingPathComponent("bad.csv").path
        try "timestamp,value\n2014-04-10 00:04:00,1.5\n2014-04-10 00:09:00,oops\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try await Advisor.run(["detect", path])
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("bad.csv:3:2"), "\(run)")
    }

    @Test func compareExitsTwoOnARealRegression() async throws {
        let fixtures = SharedData.repository.appendingPathComponent("Tests/AdvisorSimulationTests/Fixtures")
        let run = try await Advisor.run([
            "compare", fixtures.appendingPathComponent("compare-baseline.json").path,
            fixtures.appendingPathComponent("compare-candidate.json").path, "--json",
        ])
        #expect(run.status == 2, "\(run)")
        let metrics = try #require(try run.json()["metrics"] as? [[String: Any]])
        #expect(metrics.first { $0["metric"] as? String == "detect" }?["verdict"] as? String == "regression")
        let same = try await Advisor.run([
            "compare", fixtures.appendingPathComponent("compare-baseline.json").path,
            fixtures.appendingPathComponent("compare-baseline.json").path,
        ])
        #expect(same.status == 0, "\(same)")
    }
}
