import Foundation

/// Output helpers shared by the subcommands: JSON on stdout, progress on stderr, plain tables.
enum Console {
    /// Prints exactly one JSON object on stdout (keys sorted, so scripts and diffs are stable).
    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// A progress reporter that writes `advisor: [seconds] message` lines on stderr, keeping stdout for results.
    static func progress(quiet: Bool) -> (@Sendable (String) -> Void)? {
        guard !quiet else { return nil }
        let start = Date()
        return { message in
            let line = String(format: "advisor: [%5.1fs] %@\n", Date().timeIntervalSince(start), message)
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Left-aligned columns, two spaces apart.
    static func table(_ rows: [[String]]) -> String {
        guard let width = rows.map(\.count).max() else { return "" }
        let widths = (0..<width).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Metrics as `name value` pairs in a fixed, readable order.
    static func metrics(_ values: [String: Double]?) -> String {
        guard let values, !values.isEmpty else { return "-" }
        let order = ["r2", "mape", "mae", "rmse", "pinball", "coverage", "log_loss", "auc"]
        let names = order.filter { values[$0] != nil } + values.keys.filter { !order.contains($0) }.sorted()
        return names.map { String(format: "%@ %.4g", $0, values[$0]!) }.joined(separator: "  ")
    }
}
