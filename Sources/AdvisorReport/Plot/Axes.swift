/// The frame, grid, ticks and axis titles of a chart.
enum Axes {
    static func draw(
        x: Scale, y: Scale, frame: (left: Double, top: Double, right: Double, bottom: Double), xLabel: String, yLabel: String
    ) -> String {
        var svg = "<g class=\"axes\">"
        svg += "<rect class=\"frame\" x=\"\(frame.left)\" y=\"\(frame.top)\" width=\"\(frame.right - frame.left)\" "
        svg += "height=\"\(frame.bottom - frame.top)\"/>"
        for tick in x.ticks {
            let px = Markup.pixel(x.pixel(tick))
            svg += "<line class=\"grid\" x1=\"\(px)\" x2=\"\(px)\" y1=\"\(frame.top)\" y2=\"\(frame.bottom)\"/>"
            svg += "<line class=\"tick\" x1=\"\(px)\" x2=\"\(px)\" y1=\"\(frame.bottom)\" y2=\"\(frame.bottom + 5)\"/>"
            svg +=
                "<text class=\"tick-label\" x=\"\(px)\" y=\"\(frame.bottom + 18)\" text-anchor=\"middle\">\(NumberText.short(tick))</text>"
        }
        for tick in y.ticks {
            let py = Markup.pixel(y.pixel(tick))
            svg += "<line class=\"grid\" x1=\"\(frame.left)\" x2=\"\(frame.right)\" y1=\"\(py)\" y2=\"\(py)\"/>"
            svg += "<line class=\"tick\" x1=\"\(frame.left - 5)\" x2=\"\(frame.left)\" y1=\"\(py)\" y2=\"\(py)\"/>"
            svg += "<text class=\"tick-label\" x=\"\(frame.left - 8)\" y=\"\(Markup.pixel(y.pixel(tick) + 4))\" "
            svg += "text-anchor=\"end\">\(NumberText.short(tick))</text>"
        }
        let middleX = Markup.pixel((frame.left + frame.right) / 2)
        let middleY = Markup.pixel((frame.top + frame.bottom) / 2)
        let xTitle = x.kind == .log ? "\(xLabel) (log scale)" : xLabel
        let yTitle = y.kind == .log ? "\(yLabel) (log scale)" : yLabel
        svg +=
            "<text class=\"axis-label\" x=\"\(middleX)\" y=\"\(frame.bottom + 40)\" text-anchor=\"middle\">\(Markup.escape(xTitle))</text>"
        svg += "<text class=\"axis-label\" x=\"16\" y=\"\(middleY)\" text-anchor=\"middle\" "
        svg += "transform=\"rotate(-90 16 \(middleY))\">\(Markup.escape(yTitle))</text>"
        return svg + "</g>\n"
    }
}

/// The legend beside the plot: one swatch per series, then one per kind of shaded band.
enum Legend {
    static func draw(entries: [(name: String, style: Palette.Style)], bands: [String], left: Double, top: Double) -> String {
        var svg = "<g class=\"legend\">"
        var row = 0.0
        for entry in entries {
            let y = top + 8 + row * 18
            svg += "<line x1=\"\(left)\" x2=\"\(left + 22)\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"\(entry.style.colour)\" "
            svg += "stroke-width=\"\(entry.style.width)\"\(entry.style.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>"
            svg += "<text x=\"\(left + 28)\" y=\"\(y + 4)\">\(Markup.escape(entry.name))</text>"
            row += 1
        }
        for kind in bands {
            let y = top + 8 + row * 18
            svg +=
                "<rect class=\"band band-\(Palette.bandClass(kind, among: bands))\" x=\"\(left)\" y=\"\(y - 6)\" width=\"22\" height=\"12\"/>"
            svg += "<text x=\"\(left + 28)\" y=\"\(y + 4)\">\(Markup.escape(kind))</text>"
            row += 1
        }
        return svg + "</g>\n"
    }
}

/// Colours a reader can tell apart, colour-blind readers included (Okabe and Ito's palette, with grey and a dark
/// gold in place of its yellow, which is too pale on white); past eight series the dash pattern changes too.
enum Palette {
    struct Style {
        var colour: String
        var width: Double
        var dash: String?
    }

    static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7F7F7F", "#8B6914"]
    static let dashes: [String?] = [nil, "6 3", "2 2"]

    static func style(_ index: Int, reference: Bool) -> Style {
        if reference { return Style(colour: "#000000", width: 1.5, dash: "5 4") }
        return Style(colour: colours[index % colours.count], width: 2, dash: dashes[(index / colours.count) % dashes.count])
    }

    /// `a`, `b`, …: the stylesheet shades the first kind of band orange and the second grey.
    static func bandClass(_ kind: String, among kinds: [String]) -> String {
        (kinds.firstIndex(of: kind) ?? 0) == 0 ? "a" : "b"
    }
}
