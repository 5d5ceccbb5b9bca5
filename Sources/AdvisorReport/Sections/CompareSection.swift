/// The comparison page: each metric's candidate/baseline ratio with its 95% interval, against the no-change
/// band.
enum CompareSection {
    static func html(_ run: CompareRun, file: String) -> String {
        var html = Page.heading("Compare: \(Page.name(run.candidate)) against \(Page.name(run.baseline))", kind: "compare", file: file)
        html += Page.paragraph(
            "Ratio of medians (candidate / baseline) with its bootstrap 95% interval; lower is better. The grey band is "
                + "1 ± \(run.noise) (--noise): a metric changed only when its interval lies wholly outside it and its p-value is below alpha."
                + " Orange: a regression; green: an improvement; blue: no change.")
        html += Page.figure(IntervalChart(metrics: run.metrics, noise: run.noise).svg())
        return html
    }
}

/// One row per metric: the interval as a bar, the ratio as a dot, coloured by verdict.
struct IntervalChart {
    var metrics: [CompareRun.Metric]
    var noise: Double

    static let left = 260.0
    static let right = 860.0
    static let rowHeight = 26.0
    static let top = 40.0

    static func colour(_ verdict: String) -> String {
        switch verdict {
        case "regression": "#D55E00"
        case "improvement": "#009E73"
        default: "#0072B2"
        }
    }

    func svg() -> String {
        let bottom = Self.top + Self.rowHeight * Double(max(1, metrics.count))
        let values = metrics.flatMap { [$0.lower, $0.upper, $0.ratio] } + [1 - noise, 1 + noise]
        // Ratios are multiplicative: past a factor of 3 a log axis shows 0.5 and 2 as equally far from 1.
        let spread = (values.max() ?? 1) / max(values.min() ?? 1, 1e-12)
        let x = Scale(fitting: values, kind: spread > 3 ? .log : .linear, pixels: (Self.left, Self.right))
        let height = bottom + 50
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 900 \(Int(height))" width="900" height="\(Int(height))" \
            role="img" aria-label="ratio intervals" data-plot="\(Self.left) \(Self.top) \(Self.right) \(bottom)" \
            data-x-scale="\(x.kind.rawValue)" data-x-domain="\(x.domain.lowerBound) \(x.domain.upperBound)">
            <title>Candidate / baseline ratio per metric</title>
            <text class="chart-title" x="\(Self.left)" y="20">Candidate / baseline ratio per metric, 95% interval</text>

            """
        let bandLeft = x.pixel(1 - noise)
        svg +=
            "<rect class=\"noise\" x=\"\(Markup.pixel(bandLeft))\" y=\"\(Self.top)\" width=\"\(Markup.pixel(x.pixel(1 + noise) - bandLeft))\" "
        svg += "height=\"\(bottom - Self.top)\"/>\n"
        svg +=
            "<rect class=\"frame\" x=\"\(Self.left)\" y=\"\(Self.top)\" width=\"\(Self.right - Self.left)\" height=\"\(bottom - Self.top)\"/>\n"
        for tick in x.ticks {
            let px = Markup.pixel(x.pixel(tick))
            svg += "<line class=\"grid\" x1=\"\(px)\" x2=\"\(px)\" y1=\"\(Self.top)\" y2=\"\(bottom)\"/>"
            svg += "<text class=\"tick-label\" x=\"\(px)\" y=\"\(bottom + 18)\" text-anchor=\"middle\">\(NumberText.short(tick))</text>\n"
        }
        let one = Markup.pixel(x.pixel(1))
        svg += "<line class=\"tick\" x1=\"\(one)\" x2=\"\(one)\" y1=\"\(Self.top)\" y2=\"\(bottom)\"/>\n"
        svg += "<text class=\"axis-label\" x=\"\(Markup.pixel((Self.left + Self.right) / 2))\" y=\"\(bottom + 40)\" text-anchor=\"middle\">"
        svg += "candidate / baseline (1 = no change)</text>\n"
        for (row, metric) in metrics.enumerated() {
            let y = Markup.pixel(Self.top + Self.rowHeight * (Double(row) + 0.5))
            let colour = Self.colour(metric.verdict)
            svg +=
                "<g class=\"interval\" data-metric=\"\(Markup.escape(metric.metric))\" data-verdict=\"\(Markup.escape(metric.verdict))\">"
            svg +=
                "<text x=\"\(Self.left - 8)\" y=\"\(y)\" dy=\"4\" text-anchor=\"end\">\(Markup.escape(Self.shortened(metric.metric)))</text>"
            svg +=
                "<line x1=\"\(Markup.pixel(x.pixel(metric.lower)))\" x2=\"\(Markup.pixel(x.pixel(metric.upper)))\" y1=\"\(y)\" y2=\"\(y)\" "
            svg += "stroke=\"\(colour)\" stroke-width=\"3\"/>"
            svg += "<circle cx=\"\(Markup.pixel(x.pixel(metric.ratio)))\" cy=\"\(y)\" r=\"4\" fill=\"\(colour)\">"
            svg += "<title>\(Markup.escape(metric.metric)): \(NumberText.short(metric.ratio)) [\(NumberText.short(metric.lower)), "
            svg += "\(NumberText.short(metric.upper))], \(Markup.escape(metric.verdict))</title></circle></g>\n"
        }
        return svg + "</svg>\n"
    }

    /// Metric names can be long (`CacheBenchmarks:hit 1000 keys:wallClock`): the end says most.
    static func shortened(_ name: String) -> String {
        name.count <= 38 ? name : "…" + name.suffix(37)
    }
}
