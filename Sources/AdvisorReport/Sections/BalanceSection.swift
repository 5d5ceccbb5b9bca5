/// The balancer page: per scenario (and per client control, where a scenario runs several), the latency CDF
/// and the p99 over time of every policy.
enum BalanceSection {
    static func html(_ run: BalanceRun, file: String) -> String {
        var html = Page.heading("Load balancing: \(Page.name(run.recording))", kind: "simulate balance", file: file)
        html += Page.paragraph("Recording \(run.recording); every policy of a scenario saw the same arrivals and service times.")
        var groups: [(title: String, rows: [BalanceRun.Row])] = []
        for row in run.results {
            let control = row.hedging.map { "hedging \($0)" } ?? row.limiter.map { "limiter \($0)" }
            let title = control.map { "\(row.scenario), \($0)" } ?? row.scenario
            if let index = groups.firstIndex(where: { $0.title == title }) {
                groups[index].rows.append(row)
            } else {
                groups.append((title, [row]))
            }
        }
        for group in groups {
            html += "<h3>\(Markup.escape(group.title))</h3>\n"
            let withCDF = group.rows.filter { $0.latencyCDF != nil }
            guard !withCDF.isEmpty else {
                html += Page.paragraph(
                    "This output has no latency_cdf or p99_over_time (an older advisor wrote it): p99 "
                        + group.rows.map { "\($0.policy) \(NumberText.short($0.p99Ms)) ms" }.joined(separator: ", ") + ".")
                continue
            }
            var cdf = LineChart(title: "Latency CDF, \(group.title)", xLabel: "latency (ms)", yLabel: "fraction of requests at or below")
            cdf.yDomain = 0...1
            cdf.series = withCDF.map { row in
                LineChart.Series(
                    name: row.policy, points: zip(row.latencyCDF!.ms, row.latencyCDF!.quantiles).map { ($0, $1) }, showsMarkers: false)
            }
            let latencies = withCDF.flatMap { $0.latencyCDF!.ms }.filter { $0 > 0 }
            cdf.xKind = (latencies.max() ?? 1) >= 10 * (latencies.min() ?? 1) ? .log : .linear
            html += Page.figure(cdf.svg())
            let overTime = withCDF.filter { !($0.p99OverTime?.seconds.isEmpty ?? true) }
            if !overTime.isEmpty {
                var chart = LineChart(title: "p99 over time, \(group.title)", xLabel: "simulated time (s)", yLabel: "p99 latency (ms)")
                chart.series = overTime.map { row in
                    LineChart.Series(name: row.policy, points: zip(row.p99OverTime!.seconds, row.p99OverTime!.p99Ms).map { ($0, $1) })
                }
                let p99s = overTime.flatMap { $0.p99OverTime!.p99Ms }.filter { $0 > 0 }
                if (p99s.max() ?? 1) >= 10 * (p99s.min() ?? 1) { chart.yKind = .log }
                html += Page.figure(chart.svg())
            }
        }
        return html
    }
}
