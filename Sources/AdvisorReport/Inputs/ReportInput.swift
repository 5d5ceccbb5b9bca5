package import Foundation

/// One `--json` output of an advisor command, recognised from its content.
///
/// Each command's object has top-level fields no other command writes, and those decide the kind; the file
/// name plays no part, so a renamed or piped output is recognised the same way. Only the fields the pictures
/// need are decoded, so an output with more fields (a newer advisor) still reads.
package enum ReportInput: Sendable {
    case cache(CacheRun)
    case balance(BalanceRun)
    case timeouts(TimeoutRun)
    case anomalies(AnomalyRun)
    case compare(CompareRun)

    /// What each kind is recognised by, in the order they are tried.
    static let signatures: [(command: String, fields: [String])] = [
        ("simulate cache", ["unique_objects", "results"]),
        ("simulate balance", ["recording", "scenarios", "results"]),
        ("evaluate timeouts", ["holdoutRows", "results"]),
        ("detect", ["flagged", "scores", "threshold"]),
        ("detect --score", ["nab_standard", "files"]),
        ("compare", ["metrics", "alpha", "noise"]),
    ]

    /// The largest input read: far above any real output (a detect run over a million rows is about 25 MB).
    static let maximumBytes = 256 << 20

    /// Reads and recognises the file at `path`.
    /// - Throws: `ReportError` naming the file when it cannot be read, is not JSON, is not a kind this report
    ///   knows, or lacks a field its kind needs.
    package static func read(path: String) throws(ReportError) -> ReportInput {
        let url = URL(fileURLWithPath: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maximumBytes else {
            throw ReportError(file: path, reason: "is \(size) bytes; a report input may be at most \(maximumBytes) bytes")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ReportError(file: path, reason: "cannot read (\((error as NSError).localizedDescription))")
        }
        return try decode(data, file: path)
    }

    /// Recognises and decodes one output; `file` names it in errors.
    package static func decode(_ data: Data, file: String) throws(ReportError) -> ReportInput {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ReportError(file: file, reason: "not valid JSON (\(JSONFailure.describe(error, in: data)))")
        }
        guard let fields = object as? [String: Any] else {
            throw ReportError(file: file, reason: "not a JSON object; advisor's --json outputs are one object each")
        }
        guard let kind = signatures.first(where: { signature in signature.fields.allSatisfy { fields[$0] != nil } }) else {
            let known = signatures.map { "\($0.command) (\($0.fields.joined(separator: ", ")))" }.joined(separator: "; ")
            throw ReportError(
                file: file,
                reason: "not an advisor --json output this report knows: it has none of the field sets \(known)")
        }
        do {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            switch kind.command {
            case "simulate cache": return .cache(try decoder.decode(CacheRun.self, from: data))
            case "simulate balance": return .balance(try decoder.decode(BalanceRun.self, from: data))
            case "evaluate timeouts": return .timeouts(try decoder.decode(TimeoutRun.self, from: data))
            case "detect": return .anomalies(AnomalyRun(single: try decoder.decode(AnomalyRun.File.self, from: data)))
            case "detect --score": return .anomalies(try decoder.decode(AnomalyRun.self, from: data))
            default: return .compare(try decoder.decode(CompareRun.self, from: data))
            }
        } catch {
            throw ReportError(
                file: file, reason: "an `advisor \(kind.command) --json` output, but \(JSONFailure.describe(error, in: data))")
        }
    }
}

/// A decoding failure in words: where in the object (`results[3].miss_ratio`) or where in the text (line and
/// column).
enum JSONFailure {
    static func describe(_ error: any Error, in data: Data) -> String {
        guard let decoding = error as? DecodingError else { return textPosition(of: error, in: data) }
        switch decoding {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context): return "\(path(context.codingPath)) is not \(article(type))"
        case .valueNotFound(let type, let context): return "\(path(context.codingPath)) is null, not \(article(type))"
        case .dataCorrupted(let context): return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return String(describing: error)
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        guard !keys.isEmpty else { return "the top level" }
        return keys.reduce("") { text, key in
            if let index = key.intValue { return text + "[\(index)]" }
            return text.isEmpty ? key.stringValue : text + "." + key.stringValue
        }
    }

    private static func article(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type: "a number"
        case is String.Type: "a string"
        default: "a \(type)"
        }
    }

    /// Foundation's message, with the line and column of its byte offset when it gives one (and the end of the
    /// text when the text stops early).
    private static func textPosition(of error: any Error, in data: Data) -> String {
        let nsError = error as NSError
        let message = (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
        if message.lowercased().contains("line") { return message }
        let offset = (nsError.userInfo["NSJSONSerializationErrorIndex"] as? Int) ?? data.count
        let before = data.prefix(min(offset, data.count))
        let line = before.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let column = before.count - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
        return "line \(line), column \(column): \(message)"
    }
}
