// @preconcurrency: C's `stdout`/`stderr` are mutable globals to Swift 6; they are only read here, and stdio locks each call.
#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    @preconcurrency import Darwin
#endif
import Foundation
import Synchronization

/// Output helpers shared by the subcommands: JSON on stdout, progress on stderr, plain tables.
///
/// Everything on stdout goes through C's `stdout` (as Swift's `print` does, so the two keep their order), and
/// every write is checked: a full disk or a closed pipe ends the command with `stdout: REASON` and exit 1
/// (``finish()`` catches what a buffered `print` could not report), never a trap and never a silent exit 0.
enum Console {
    /// A write to stdout or stderr that failed, reported as `stdout: No space left on device`.
    struct StreamError: Error, CustomStringConvertible {
        var stream: String
        var reason: String
        var description: String { "\(stream): \(reason)" }

        static func current(_ stream: String) -> StreamError { StreamError(stream: stream, reason: String(cString: strerror(errno))) }
    }

    /// Set by a progress line that could not be written; stderr has nowhere to report its own failure, so the
    /// command ends with exit 1 instead.
    private static let stderrFailed = Atomic(false)

    /// Writes `text` on stdout as it is.
    static func write(_ text: String) throws(StreamError) {
        var text = text
        let written = text.withUTF8 { fwrite($0.baseAddress, 1, $0.count, stdout) == $0.count }
        if !written || ferror(stdout) != 0 { throw .current("stdout") }
    }

    /// Writes `text` and a line end on stdout.
    static func print(_ text: String) throws(StreamError) { try write(text + "\n") }

    /// Prints exactly one JSON object on stdout (keys sorted, so scripts and diffs are stable).
    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try encoder.encode(value)
        try print(String(decoding: data, as: UTF8.self))
    }

    /// Flushes stdout and reports any write that failed since the start: the last step of every command.
    static func finish() throws(StreamError) {
        if fflush(stdout) != 0 { throw .current("stdout") }
        if ferror(stdout) != 0 { throw StreamError(stream: "stdout", reason: "a write failed") }
        if stderrFailed.load(ordering: .relaxed) { throw .current("stderr") }
    }

    /// A progress reporter that writes `advisor: [seconds] message` lines on stderr, keeping stdout for results.
    static func progress(quiet: Bool) -> (@Sendable (String) -> Void)? {
        guard !quiet else { return nil }
        let start = Date()
        return { message in
            let line = String(format: "advisor: [%5.1fs] %@\n", Date().timeIntervalSince(start), message)
            if fputs(line, stderr) < 0 { stderrFailed.store(true, ordering: .relaxed) }
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
