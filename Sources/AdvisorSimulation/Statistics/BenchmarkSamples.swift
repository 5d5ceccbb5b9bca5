public import AdvisorInput
import Foundation

/// Raw benchmark samples by metric name, read from the exports `advisor compare` understands.
public struct BenchmarkSamples: Sendable {
    /// The export format the file was recognised as.
    public enum Format: String, Sendable, Encodable {
        /// `hyperfine --export-json`: `{"results": [{"command", "times": […]}]}`, one metric per command (seconds).
        case hyperfine
        /// ordo-one/benchmark's `--format jmh` export: `[{"benchmark", "primaryMetric": {"rawData": [[…]]},
        /// "secondaryMetrics": {name: {"rawData"}}}]`, one metric per benchmark and measure.
        case jmh
        /// advisor's own JSON with a `"samples": {metric: […]}` object.
        case advisor
    }

    public var format: Format
    public var samplesByMetric: [String: [Double]]

    /// Reads and recognises an export.
    /// - Throws: `InputError` naming the file when it is not JSON, not one of the formats, or a metric has no samples.
    public static func read(path: String) throws(InputError) -> BenchmarkSamples {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw InputError(code: .unreadable, file: path, message: "cannot read: \(error.localizedDescription)")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) else {
            throw InputError(code: .malformedRecord, file: path, line: 1, message: "not JSON")
        }
        var result: BenchmarkSamples
        if let object = json as? [String: Any], let results = object["results"] as? [[String: Any]] {
            result = BenchmarkSamples(format: .hyperfine, samplesByMetric: [:])
            for entry in results {
                guard let command = entry["command"] as? String, let times = numbers(entry["times"]) else {
                    throw InputError(code: .malformedRecord, file: path, message: "a hyperfine result needs 'command' and 'times'")
                }
                result.samplesByMetric[command] = times
            }
        } else if let object = json as? [String: Any], let samples = object["samples"] as? [String: Any] {
            result = BenchmarkSamples(format: .advisor, samplesByMetric: [:])
            for (name, values) in samples {
                guard let values = numbers(values) else {
                    throw InputError(code: .malformedRecord, file: path, message: "samples.\(name) is not a list of numbers")
                }
                result.samplesByMetric[name] = values
            }
        } else if let entries = json as? [[String: Any]], entries.allSatisfy({ $0["benchmark"] is String }) {
            result = BenchmarkSamples(format: .jmh, samplesByMetric: [:])
            for entry in entries {
                let name = entry["benchmark"] as! String
                if let primary = entry["primaryMetric"] as? [String: Any], let values = rawData(primary) {
                    result.samplesByMetric[name] = values
                }
                for (measure, value) in (entry["secondaryMetrics"] as? [String: Any]) ?? [:] {
                    if let metric = value as? [String: Any], let values = rawData(metric) {
                        result.samplesByMetric["\(name)/\(measure)"] = values
                    }
                }
            }
        } else {
            throw InputError(
                code: .malformedRecord, file: path, line: 1,
                message: "not a hyperfine --export-json file, an ordo-one/benchmark jmh export or advisor JSON with 'samples'")
        }
        if let empty = result.samplesByMetric.first(where: { $0.value.isEmpty })?.key {
            throw InputError(code: .emptyField, file: path, message: "metric '\(empty)' has no samples")
        }
        guard !result.samplesByMetric.isEmpty else { throw InputError(code: .emptyFile, file: path, message: "no metrics with samples") }
        return result
    }

    private static func numbers(_ value: Any?) -> [Double]? {
        guard let list = value as? [Any] else { return nil }
        let values = list.compactMap { ($0 as? NSNumber)?.doubleValue }
        return values.count == list.count && values.allSatisfy(\.isFinite) ? values : nil
    }

    private static func rawData(_ metric: [String: Any]) -> [Double]? {
        guard let forks = metric["rawData"] as? [Any] else { return nil }
        var values: [Double] = []
        for fork in forks {
            guard let fork = numbers(fork) else { return nil }
            values += fork
        }
        return values
    }
}
