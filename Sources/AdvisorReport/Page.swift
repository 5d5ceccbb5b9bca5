/// The whole report: one self-contained HTML page with a section per input, every picture inline SVG, no
/// script and nothing fetched from the network.
package enum Page {
    /// Renders one section per input, in the order given.
    /// - Parameter inputs: each input with the file it came from (shown on the page).
    package static func render(_ inputs: [(file: String, input: ReportInput)]) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>advisor report</title>
            <style>\(stylesheet)</style>
            </head>
            <body>
            <h1>advisor report</h1>
            <p>\(inputs.count) input\(inputs.count == 1 ? "" : "s"): \(inputs.map { "<code>\(Markup.escape($0.file))</code>" }.joined(separator: ", "))</p>

            """
        for (file, input) in inputs {
            html += "<section class=\"\(input.kind)\">\n"
            switch input {
            case .cache(let run): html += CacheSection.html(run, file: file)
            case .balance(let run): html += BalanceSection.html(run, file: file)
            case .timeouts(let run): html += TimeoutSection.html(run, file: file)
            case .anomalies(let run): html += AnomalySection.html(run, file: file)
            case .compare(let run): html += CompareSection.html(run, file: file)
            }
            html += "</section>\n"
        }
        return html + "</body>\n</html>\n"
    }

    static func heading(_ title: String, kind: String, file: String) -> String {
        "<h2>\(Markup.escape(title))</h2>\n<p class=\"source\">from <code>\(Markup.escape(file))</code> (<code>advisor \(kind) --json</code>)</p>\n"
    }

    /// A path's last component, for headings (the whole path is in the section's text).
    static func name(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

    static func paragraph(_ text: String) -> String { "<p>\(Markup.escape(text))</p>\n" }

    static func figure(_ svg: String) -> String { "<figure>\n\(svg)</figure>\n" }

    static let stylesheet = """
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;max-width:960px;margin:24px auto;padding:0 16px}\
        h1{font-size:26px}h2{font-size:21px;margin-top:40px;border-bottom:1px solid #ccc;padding-bottom:4px}h3{font-size:17px}\
        code{font-size:13px;background:#f3f3f3;padding:1px 4px}.source{color:#555;font-size:13px}figure{margin:12px 0}\
        svg.chart{max-width:100%;height:auto;font-size:12px}svg .frame{fill:none;stroke:#444}svg .grid{stroke:#e4e4e4}\
        svg .tick{stroke:#444}svg .chart-title{font-size:14px;font-weight:600}svg .axis-label{font-size:13px}\
        svg .rule{stroke:#B22222;stroke-dasharray:4 3}svg .rule-label{fill:#B22222}\
        svg .band-a{fill:#E69F00;fill-opacity:.28}svg .band-b{fill:#7F7F7F;fill-opacity:.28}svg .noise{fill:#7F7F7F;fill-opacity:.18}\
        .advice{font-size:16px}.rule{color:#555;font-size:13px}table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left}
        """
}

extension ReportInput {
    /// The section's class on the page.
    var kind: String {
        switch self {
        case .cache: "cache"
        case .balance: "balance"
        case .timeouts: "timeouts"
        case .anomalies: "anomalies"
        case .compare: "compare"
        }
    }
}
