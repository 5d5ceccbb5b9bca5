import Foundation

/// The cache page: miss ratio over cache size per policy, hit ratio against memory for a TTL sweep, and the
/// advice.
enum CacheSection {
    static func html(_ run: CacheRun, file: String) -> String {
        let rows = run.results.filter { $0.ttl == nil }
        let curves = Curves(rows)
        let unit = rows.first?.unit ?? "objects"
        var html = Page.heading("Cache: \(Page.name(run.trace))", kind: "simulate cache", file: file)
        html += Page.paragraph(
            "\(run.trace): \(NumberText.count(run.requests)) requests, \(NumberText.count(run.uniqueObjects)) distinct objects; \(run.note)."
        )
        if !rows.isEmpty {
            let capacities = curves.capacities
            var chart = LineChart(title: "Miss ratio by cache size", xLabel: "cache size (\(unit))", yLabel: "miss ratio")
            chart.xKind = (capacities.last ?? 1) >= 10 * (capacities.first ?? 1) ? .log : .linear
            chart.series = curves.names.map { name in
                LineChart.Series(
                    name: name, points: curves.points[name]!.map { (Double($0.capacity), $0.missRatio) }, isReference: name == "belady")
            }
            html += Page.figure(chart.svg())
        }
        let ttlRows = run.results.filter { $0.ttl != nil }
        if !ttlRows.isEmpty { html += ttlChart(ttlRows) }
        html += "<h3>What to run</h3>\n"
        if let advice = CacheAdvice(run) {
            html += "<p class=\"advice\" data-policy=\"\(Markup.escape(advice.policy))\" data-capacity=\"\(advice.capacity)\">"
            html += "<strong>Run \(Markup.escape(advice.policy)) at \(Markup.escape(advice.size)) "
            html += "(\(NumberText.count(advice.capacity)) \(Markup.escape(unit))).</strong></p>\n"
            html += "<ul class=\"findings\">" + advice.findings.map { "<li>\(Markup.escape($0))</li>" }.joined() + "</ul>\n"
            if let ttl = TTLAdvice(ttlRows, capacity: advice.capacity) { html += Page.paragraph(ttl.sentence) }
            html += "<p class=\"rule\">\(Markup.escape(advice.rule))</p>\n"
        } else {
            html += Page.paragraph("No policy in this run can be recommended (only Belady or prefetching rows).")
        }
        return html
    }

    /// Hit ratio against the objects held on average, one line per cache size over its TTL rules.
    private static func ttlChart(_ rows: [CacheRun.Row]) -> String {
        var chart = LineChart(title: "TTL sweep: hit ratio against memory held", xLabel: "mean objects held", yLabel: "hit ratio")
        let memory = rows.map { $0.ttl!.meanResidentObjects }.filter { $0 > 0 }
        chart.xKind = (memory.max() ?? 1) >= 10 * (memory.min() ?? 1) ? .log : .linear
        var sizes: [String] = []
        for row in rows where !sizes.contains(row.size) { sizes.append(row.size) }
        for size in sizes {
            let atSize = rows.filter { $0.size == size }
            for adaptive in [false, true] {
                let points = atSize.filter { $0.ttl!.rule.hasPrefix("adaptive") == adaptive }.map {
                    ($0.ttl!.meanResidentObjects, $0.ttl!.hitRatio)
                }
                guard !points.isEmpty else { continue }
                let name = "\(atSize[0].policy) at \(size), \(adaptive ? "adaptive TTL" : "fixed TTLs")"
                chart.series.append(LineChart.Series(name: name, points: points.sorted { $0.0 < $1.0 }))
            }
        }
        return Page.figure(chart.svg())
    }
}

/// The TTL to run from a TTL sweep at the advised size: the rule holding the least memory whose hit ratio is
/// within ``tolerance`` (relative) of the best rule's.
struct TTLAdvice {
    static let tolerance = 0.01
    var sentence: String

    init?(_ rows: [CacheRun.Row], capacity: Int) {
        let nearest = rows.min { abs(log(Double($0.capacity) / Double(capacity))) < abs(log(Double($1.capacity) / Double(capacity))) }
        guard let size = nearest?.capacity else { return nil }
        let rules = rows.filter { $0.capacity == size }.compactMap(\.ttl)
        guard let best = rules.max(by: { $0.hitRatio < $1.hitRatio }) else { return nil }
        let chosen = rules.filter { $0.hitRatio >= best.hitRatio * (1 - Self.tolerance) }.min {
            $0.meanResidentObjects < $1.meanResidentObjects
        }!
        let name = { (rule: CacheRun.Row.TTL) in
            rule.rule.hasPrefix("adaptive") ? "the adaptive TTL (\(rule.rule))" : "a fixed TTL of \(rule.rule) \(rule.timeUnit)"
        }
        let policy = rows.first { $0.capacity == size }?.policy ?? "the policy"
        var text = "TTL (swept with \(policy) at \(NumberText.count(size))): run \(name(chosen)), the least memory within "
        text += "\(Int(Self.tolerance * 100))% of the best hit ratio: hit ratio \(NumberText.percent(chosen.hitRatio)) holding "
        text += "\(NumberText.short(chosen.meanResidentObjects)) objects on average"
        let saved = best.meanResidentObjects > 0 ? 1 - chosen.meanResidentObjects / best.meanResidentObjects : 0
        if chosen.rule != best.rule, saved >= 0.01 {
            text += ", \(NumberText.percent(saved)) less memory than \(name(best)) (hit ratio \(NumberText.percent(best.hitRatio)))"
        }
        sentence = text + "."
    }
}
