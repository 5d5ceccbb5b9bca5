/// The anomaly page: each series' scores row by row, the detector's threshold, its flagged windows and (for a
/// scored corpus) the labelled windows shaded.
enum AnomalySection {
    static let flaggedBand = "flagged by the detector"
    static let labelledBand = "labelled anomaly window"

    static func html(_ run: AnomalyRun, file: String) -> String {
        let title = run.files.count == 1 ? "Anomalies: \(Page.name(run.files[0].file))" : "Anomalies: \(run.files.count) series"
        var html = Page.heading(title, kind: run.standard == nil ? "detect" : "detect --score", file: file)
        if let standard = run.standard {
            var scores = "NAB scores of the corpus: standard \(String(format: "%.2f", standard))"
            if let low = run.rewardLowFalsePositives { scores += ", reward low FP \(String(format: "%.2f", low))" }
            if let low = run.rewardLowFalseNegatives { scores += ", reward low FN \(String(format: "%.2f", low))" }
            html += Page.paragraph(scores + ".")
        }
        for series in run.files {
            html += "<h3>\(Markup.escape(series.column)) in \(Markup.escape(Page.name(series.file)))</h3>\n"
            html += Page.paragraph(
                "\(NumberText.count(series.rows)) rows, \(series.flagged.count) flagged window\(series.flagged.count == 1 ? "" : "s")"
                    + (series.flagged.isEmpty
                        ? "." : ": " + series.flagged.map { "\($0.start) to \($0.end)" }.joined(separator: "; ") + "."))
            guard let scores = series.scores else {
                html += Page.paragraph("This output carries no per-row scores (an older advisor wrote it), so there is no picture.")
                continue
            }
            var chart = LineChart(title: "Anomaly score by row", xLabel: "row", yLabel: "anomaly score")
            chart.yDomain = 0...1
            chart.series = [
                LineChart.Series(name: "score", points: scores.enumerated().map { (Double($0.offset), $0.element) }, showsMarkers: false)
            ]
            chart.rules = [(series.threshold, "threshold \(series.threshold)")]
            chart.bands =
                (series.labelled ?? []).compactMap { window in
                    window.count == 2
                        ? LineChart.Band(range: Double(window[0])...Double(max(window[0], window[1])), kind: labelledBand) : nil
                }
                + series.flagged.compactMap { window in
                    guard let first = window.firstRow, let last = window.lastRow else { return nil }
                    return LineChart.Band(range: Double(first)...Double(max(first, last)), kind: flaggedBand)
                }
            html += Page.figure(chart.svg())
        }
        return html
    }
}
