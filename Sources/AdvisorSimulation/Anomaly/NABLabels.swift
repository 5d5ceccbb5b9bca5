public import AdvisorInput
import Foundation

/// NAB's labelled anomaly windows (`combined_windows.json`): for each data file, `[start, end]` date-time pairs.
public struct NABLabels: Sendable {
    /// Windows by file name (the last path component of NAB's key), as inclusive time ranges in seconds.
    public var windowsByFile: [String: [ClosedRange<Double>]]

    /// Reads a labels file.
    /// - Throws: `InputError` when the file is not a JSON object of `"dir/file.csv": [["start", "end"], …]`
    ///   with UTC date-times, naming the key at fault.
    public static func read(path: String) throws(InputError) -> NABLabels {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw InputError(code: .unreadable, file: path, message: "cannot read the labels: \(error.localizedDescription)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw InputError(code: .malformedRecord, file: path, line: 1, message: "not a JSON object of file → [[start, end], …]")
        }
        var windows: [String: [ClosedRange<Double>]] = [:]
        for (key, value) in object {
            guard let pairs = value as? [[String]] else {
                throw InputError(code: .malformedRecord, file: path, message: "\(key): expected a list of [start, end] pairs")
            }
            var ranges: [ClosedRange<Double>] = []
            for pair in pairs {
                guard pair.count == 2, let start = parse(pair[0]), let end = parse(pair[1]), start <= end else {
                    throw InputError(
                        code: .malformedRecord, file: path, message: "\(key): \(pair) is not a [start, end] pair of UTC date-times")
                }
                ranges.append(start...end)
            }
            windows[(key as NSString).lastPathComponent] = ranges.sorted { $0.lowerBound < $1.lowerBound }
        }
        return NABLabels(windowsByFile: windows)
    }

    /// The windows of the file at `path` as row ranges of its `times`: the rows each window's times cover.
    /// - Returns: nil when the labels do not name the file.
    public func rowWindows(forFile path: String, times: [Double]) -> [ClosedRange<Int>]? {
        guard let windows = windowsByFile[(path as NSString).lastPathComponent] else { return nil }
        return windows.compactMap { window in
            guard let first = times.firstIndex(where: { $0 >= window.lowerBound }),
                let last = times.lastIndex(where: { $0 <= window.upperBound }), first <= last
            else { return nil }
            return first...last
        }
    }

    private static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { DateTimeParser.parseUTC(UnsafeRawBufferPointer($0)) }
    }
}
