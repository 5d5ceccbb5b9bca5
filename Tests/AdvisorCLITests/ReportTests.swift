import Foundation
import Testing

/// `advisor report` on real outputs: the pictures carry the data they claim, the advice follows from the numbers,
/// and a bad input stops the command with its name and no page.
@Suite struct ReportTests {
    @Test func aSizeSweepGivesEveryPolicyOnePointPerSizeDrawnAtItsMissRatio() async throws {
        let inputs = try await ReportInputs.made.value
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: inputs.cache))) as? [String: Any])
        let rows = try #require(object["results"] as? [[String: Any]])
        let capacities = Set(rows.compactMap { $0["capacity"] as? Int }).sorted()
        // 0.5%..20% of web07's 20,484 objects in 5 log-spaced steps.
        #expect(capacities == [102, 258, 647, 1_628, 4_096], "\(capacities)")
        let (run, page) = try await inputs.report([inputs.cache], name: "cache.html")
        #expect(run.status == 0, "\(run)")
        let html = try #require(page)
        let chart = try #require(PlottedChart.all(in: html).first { $0.label == "Miss ratio by cache size" })
        #expect(chart.xScale == "log")
        for policy in ["lru", "s3fifo", "belady"] {
            let expected = rows.filter { $0["policy"] as? String == policy }
                .map { (Double($0["capacity"] as! Int), $0["miss_ratio"] as! Double) }.sorted { $0.0 < $1.0 }
            let drawn = try #require(chart.series[policy], "no line for \(policy)")
            #expect(drawn.count == capacities.count, "\(policy)")
            for (point, (capacity, missRatio)) in zip(drawn, expected) {
                let pixel = chart.expectedPixel(x: capacity, y: missRatio)
                #expect(
                    abs(point.x - pixel.x) <= 1 && abs(point.y - pixel.y) <= 1, "\(policy) at \(capacity): drawn \(point), data at \(pixel)"
                )
            }
        }
        // The advice names a policy that could run (not the offline bound): the lowest miss ratio at its size, or the
        // default S3-FIFO when nothing misses 1% fewer.
        let advice = try #require(html.range(of: "class=\"advice\" data-policy=\"").map { html[$0.upperBound...] })
        let policy = String(advice.prefix { $0 != "\"" })
        let capacity = try #require(Int(advice.split(separator: "\"")[2]))
        let atSize = rows.filter { $0["capacity"] as? Int == capacity && $0["policy"] as? String != "belady" }
        #expect(policy != "belady" && capacities.contains(capacity))
        let lowest = try #require(atSize.map { $0["miss_ratio"] as! Double }.min())
        let advised = try #require(atSize.first { $0["policy"] as? String == policy }?["miss_ratio"] as? Double)
        #expect(advised == lowest || (policy == "s3fifo" && advised * 0.99 <= lowest), "\(policy): \(advised) against \(lowest)")
        #expect(html.contains("fewer backend fetches") || html.contains("no saving"))
    }

    @Test func everyKindOfOutputGetsItsSectionAndItsSeries() async throws {
        let inputs = try await ReportInputs.made.value
        let (run, page) = try await inputs.report(inputs.all, name: "all.html")
        #expect(run.status == 0, "\(run)")
        let html = try #require(page)
        for kind in ["cache", "balance", "timeouts", "anomalies", "compare"] {
            #expect(html.contains("<section class=\"\(kind)\">"), "no \(kind) section")
        }
        #expect(!html.contains("<script"))
        let charts = PlottedChart.all(in: html)
        let cdf = try #require(charts.first { $0.label.hasPrefix("Latency CDF") })
        #expect(Set(cdf.series.keys) == ["round-robin", "p2c", "peak-ewma"])
        #expect(cdf.series.values.allSatisfy { $0.count == 18 })
        let overTime = try #require(charts.first { $0.label.hasPrefix("p99 over time") })
        #expect(overTime.series.count == 3 && overTime.series.values.allSatisfy { !$0.isEmpty && $0.count <= 30 })
        let timeouts = try #require(charts.first { $0.label == "False-timeout rate against mean timeout" })
        #expect(timeouts.series["advisor (calibrated)"]?.count == 3)
        let scores = try #require(charts.first { $0.label == "Anomaly score by row" })
        #expect(scores.series["score"]?.count == 4_032)
        let intervals = try #require(charts.first { $0.label == "ratio intervals" })
        let compared = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: inputs.compare))) as? [String: Any])
        let metrics = try #require(compared["metrics"] as? [[String: Any]])
        for metric in metrics {
            let name = try #require(metric["metric"] as? String)
            let group = try #require(intervals.body.components(separatedBy: "data-metric=\"\(name)\"").dropFirst().first)
            let drawn = try #require(
                group.components(separatedBy: "<circle cx=\"").dropFirst().first.flatMap { Double($0.prefix { $0 != "\"" }) })
            let ratio = try #require(metric["ratio"] as? Double)
            #expect(abs(drawn - intervals.expectedPixel(x: ratio, y: 0).x) <= 1, "\(name): drawn at \(drawn)")
            #expect(group.hasPrefix(" data-verdict=\"\(metric["verdict"] as? String ?? "")\""))
        }
    }

    @Test func aScoredCorpusShadesItsLabelledWindows() async throws {
        let inputs = try await ReportInputs.made.value
        let (run, page) = try await inputs.report([inputs.scored], name: "scored.html")
        #expect(run.status == 0, "\(run)")
        let html = try #require(page)
        #expect(html.contains("NAB scores of the corpus: standard"))
        let chart = try #require(PlottedChart.all(in: html).first { $0.label == "Anomaly score by row" })
        #expect(chart.series["score"]?.count == 4_032)
        #expect(chart.body.contains("data-band=\"labelled anomaly window\""))
    }

    @Test(arguments: [
        ("unknown.json", "{\"hello\": [1, 2, 3]}", "not an advisor --json output this report knows"),
        ("array.json", "[1, 2]", "not a JSON object"),
    ])
    func anInputOfNoKnownKindStopsWithItsNameAndNoPage(name: String, text: String, message: String) async throws {
        let inputs = try await ReportInputs.made.value
        let path = inputs.directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let (run, page) = try await inputs.report([inputs.cache, path], name: "bad-\(name).html")
        #expect(run.status != 0)
        #expect(run.stderr.contains(path) && run.stderr.contains(message), "\(run)")
        #expect(page == nil)
    }

    @Test func aTruncatedOutputStopsWithItsNameAndNoPage() async throws {
        let inputs = try await ReportInputs.made.value
        let whole = try Data(contentsOf: URL(fileURLWithPath: inputs.balance))
        let path = inputs.directory.appendingPathComponent("truncated.json").path
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: path))
        let (run, page) = try await inputs.report([path, inputs.cache], name: "truncated.html")
        #expect(run.status != 0)
        #expect(run.stderr.contains("\(path): not valid JSON"), "\(run)")
        #expect(page == nil)
    }

    @Test func aKnownOutputMissingAFieldNamesTheField() async throws {
        let inputs = try await ReportInputs.made.value
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: inputs.cache))) as? [String: Any])
        var rows = try #require(object["results"] as? [[String: Any]])
        rows[2]["miss_ratio"] = nil
        object["results"] = rows
        let path = inputs.directory.appendingPathComponent("no-miss-ratio.json").path
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        let (run, page) = try await inputs.report([path], name: "no-miss-ratio.html")
        #expect(run.status != 0)
        #expect(run.stderr.contains("\(path): an `advisor simulate cache --json` output, but results[2].miss_ratio is missing"), "\(run)")
        #expect(page == nil)
    }

    @Test func aSizeRangeNeedsEndsOfOneKindInOrderAndAtLeastTwoPoints() async throws {
        let trace = try TestData.path("caffeine-sim-traces/web07.trace.xz")
        for (size, points) in [("20%..1%", "8"), ("1%..500", "8"), ("1%..20%", "1")] {
            let run = try await Advisor.run(["simulate", "cache", "--trace", trace, "--size", size, "--points", points])
            #expect(run.status == Advisor.usageError, "\(size) \(points): \(run)")
            #expect(run.stderr.contains(points == "1" ? "--points" : size), "\(run)")
        }
    }
}
