/// The timeout page: each rule's false-timeout rate against the mean timeout it gave, one point per target rate.
enum TimeoutSection {
    static func html(_ run: TimeoutRun, file: String) -> String {
        var html = Page.heading("Timeouts: \(Page.name(run.source))", kind: "evaluate timeouts", file: file)
        html += Page.paragraph(
            "\(NumberText.count(run.holdoutRows)) hold-out requests; targets \(run.results.map { NumberText.percent($0.targetRate) }.joined(separator: ", ")). "
                + "Lower left is better: fewer false timeouts for a shorter wait.")
        let rules: [(String, KeyPath<TimeoutRun.Target, TimeoutRun.Outcome>)] = [
            ("advisor (calibrated)", \.advisor), ("model, uncalibrated", \.uncalibrated), ("static, training quantile", \.staticTraining),
            ("static per backend", \.perBackendTraining), ("static at the advisor's rate", \.staticAtAdvisorRate),
        ]
        var chart = LineChart(title: "False-timeout rate against mean timeout", xLabel: "mean timeout (ms)", yLabel: "false-timeout rate")
        let targets = run.results.sorted { $0.targetRate < $1.targetRate }
        chart.series = rules.map { name, path in
            LineChart.Series(name: name, points: targets.map { ($0[keyPath: path].meanTimeout, $0[keyPath: path].rate) })
        }
        let rates = targets.flatMap { target in rules.map { target[keyPath: $0.1].rate } }.filter { $0 > 0 }
        if (rates.max() ?? 1) >= 10 * (rates.min() ?? 1) { chart.yKind = .log }
        let timeouts = targets.flatMap { target in rules.map { target[keyPath: $0.1].meanTimeout } }.filter { $0 > 0 }
        if (timeouts.max() ?? 1) >= 10 * (timeouts.min() ?? 1) { chart.xKind = .log }
        chart.rules = targets.map { ($0.targetRate, "target \(NumberText.percent($0.targetRate))") }
        html += Page.figure(chart.svg())
        if chart.yKind == .log, targets.contains(where: { target in rules.contains { target[keyPath: $0.1].rate == 0 } }) {
            html += Page.paragraph("A rule with no false timeout at a target has no point there: 0 is off a log scale.")
        }
        return html
    }
}
