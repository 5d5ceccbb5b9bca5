extension RequestTrace {
    /// The columns `csvText()` writes: `timestamp,backend,latency_ms`, then `status` when a request failed,
    /// then the metrics.
    public var csvColumns: [String] {
        ["timestamp", "backend", "latency_ms"] + (failed.contains(true) ? ["status"] : []) + metricNames
    }

    /// The trace as a canonical request-trace CSV, which `RequestTrace.read` reads back to the same values.
    ///
    /// Numbers are written in their shortest exact form, so a round trip loses nothing; `status` is `ok` or
    /// `error`; a backend name with a comma, quote or line break is quoted.
    public func csvText() -> String {
        let hasStatus = failed.contains(true)
        let width = metricNames.count
        let quotedBackends = backendNames.map(CSVText.field)
        var text = csvColumns.map(CSVText.field).joined(separator: ",") + "\n"
        text.reserveCapacity(count * (40 + 14 * width))
        for row in 0..<count {
            text += timestamps[row].description
            text += ","
            text += quotedBackends[backends[row]]
            text += ","
            text += latencies[row].description
            if hasStatus { text += failed[row] ? ",error" : ",ok" }
            for value in metrics[(row * width)..<((row + 1) * width)] {
                text += ","
                text += value.description
            }
            text += "\n"
        }
        return text
    }
}

/// Writing CSV fields.
enum CSVText {
    /// The field as CSV: quoted, with quotes doubled, when it holds a comma, a quote or a line break.
    static func field(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
