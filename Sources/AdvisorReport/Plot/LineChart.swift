/// One chart as inline SVG: axes with ticks and labels, lines with point markers, shaded x-ranges, reference
/// lines and a legend. Nothing is interactive, so the page needs no script.
///
/// The plot's frame and both scales are written on the `<svg>` element (`data-plot`, `data-x-scale`,
/// `data-x-domain`, …) and every line carries its series name (`data-series`), so a reader (or a test) can
/// turn any point back into data.
package struct LineChart: Sendable {
    package struct Series: Sendable {
        package var name: String
        package var points: [(x: Double, y: Double)]
        /// Drawn black and dashed: a bound rather than a contender (Belady, a target).
        package var isReference = false
        package var showsMarkers = true

        package init(name: String, points: [(x: Double, y: Double)], isReference: Bool = false, showsMarkers: Bool = true) {
            self.name = name
            self.points = points
            self.isReference = isReference
            self.showsMarkers = showsMarkers
        }
    }

    /// A shaded stretch of the x axis (a flagged or labelled window).
    package struct Band: Sendable {
        package var range: ClosedRange<Double>
        package var kind: String
    }

    package var title: String
    package var xLabel: String
    package var yLabel: String
    package var xKind: Scale.Kind = .linear
    package var yKind: Scale.Kind = .linear
    package var yIncludesZero = true
    /// A fixed y interval (such as [0, 1] for a fraction) instead of one fitted to the data.
    package var yDomain: ClosedRange<Double>?
    package var series: [Series] = []
    package var bands: [Band] = []
    /// Horizontal lines across the plot, such as a threshold.
    package var rules: [(y: Double, label: String)] = []

    static let width = 900.0
    static let height = 380.0
    static let frame = (left: 70.0, top: 34.0, right: 690.0, bottom: 320.0)

    package init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    package func svg() -> String {
        let frame = Self.frame
        let xs = series.flatMap { $0.points.map(\.x) } + bands.flatMap { [$0.range.lowerBound, $0.range.upperBound] }
        let ys = series.flatMap { $0.points.map(\.y) } + rules.map(\.y)
        let x = Scale(fitting: xs, kind: xKind, tight: true, pixels: (frame.left, frame.right))
        let y =
            yDomain.map { Scale(kind: yKind, domain: $0, pixels: (frame.bottom, frame.top)) }
            ?? Scale(fitting: ys, kind: yKind, includesZero: yIncludesZero, pixels: (frame.bottom, frame.top))
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" \
            width="\(Int(Self.width))" height="\(Int(Self.height))" role="img" aria-label="\(Markup.escape(title))" \
            data-plot="\(frame.left) \(frame.top) \(frame.right) \(frame.bottom)" \
            data-x-scale="\(x.kind.rawValue)" data-x-domain="\(x.domain.lowerBound) \(x.domain.upperBound)" \
            data-y-scale="\(y.kind.rawValue)" data-y-domain="\(y.domain.lowerBound) \(y.domain.upperBound)">
            <title>\(Markup.escape(title))</title>

            """
        svg += "<text class=\"chart-title\" x=\"\(frame.left)\" y=\"20\">\(Markup.escape(title))</text>\n"
        svg += bandMarks(x: x)
        svg += Axes.draw(x: x, y: y, frame: frame, xLabel: xLabel, yLabel: yLabel)
        for rule in rules where y.domain.contains(rule.y) {
            let py = Markup.pixel(y.pixel(rule.y))
            svg += "<line class=\"rule\" x1=\"\(frame.left)\" x2=\"\(frame.right)\" y1=\"\(py)\" y2=\"\(py)\"/>"
            svg += "<text class=\"rule-label\" x=\"\(frame.right - 4)\" y=\"\(Markup.pixel(y.pixel(rule.y) - 4))\" "
            svg += "text-anchor=\"end\">\(Markup.escape(rule.label))</text>\n"
        }
        for (index, line) in series.enumerated() { svg += mark(line, index: index, x: x, y: y) }
        svg += Legend.draw(
            entries: series.enumerated().map { ($0.element.name, Palette.style($0.offset, reference: $0.element.isReference)) },
            bands: bandKinds, left: frame.right + 16, top: frame.top)
        return svg + "</svg>\n"
    }

    private var bandKinds: [String] {
        bands.map(\.kind).reduce(into: []) { kinds, kind in if !kinds.contains(kind) { kinds.append(kind) } }
    }

    private func bandMarks(x: Scale) -> String {
        let frame = Self.frame
        return bands.map { band in
            let left = max(frame.left, x.pixel(band.range.lowerBound))
            let right = min(frame.right, max(x.pixel(band.range.upperBound), left + 1.5))
            return "<rect class=\"band band-\(Palette.bandClass(band.kind, among: bandKinds))\" data-band=\"\(Markup.escape(band.kind))\" "
                + "x=\"\(Markup.pixel(left))\" y=\"\(frame.top)\" width=\"\(Markup.pixel(right - left))\" height=\"\(frame.bottom - frame.top)\"/>\n"
        }.joined()
    }

    private func mark(_ line: Series, index: Int, x: Scale, y: Scale) -> String {
        let style = Palette.style(index, reference: line.isReference)
        let visible = line.points.filter {
            $0.x.isFinite && $0.y.isFinite && (xKind == .linear || $0.x > 0) && (yKind == .linear || $0.y > 0)
        }
        let points = visible.map { "\(Markup.pixel(x.pixel($0.x))),\(Markup.pixel(y.pixel($0.y)))" }
        var text = "<g class=\"series\">"
        text += "<polyline data-series=\"\(Markup.escape(line.name))\" points=\"\(points.joined(separator: " "))\" fill=\"none\" "
        text += "stroke=\"\(style.colour)\" stroke-width=\"\(style.width)\"\(style.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>"
        if line.showsMarkers {
            for point in visible {
                text +=
                    "<circle cx=\"\(Markup.pixel(x.pixel(point.x)))\" cy=\"\(Markup.pixel(y.pixel(point.y)))\" r=\"3\" fill=\"\(style.colour)\">"
                text += "<title>\(Markup.escape(line.name)): \(NumberText.short(point.x)), \(NumberText.short(point.y))</title></circle>"
            }
        }
        return text + "</g>\n"
    }
}
