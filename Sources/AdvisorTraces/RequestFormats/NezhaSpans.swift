import AdvisorInput

/// The spans of the Nezha trace files (`TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,
/// EndTimeUnixNano,Duration`), deduplicated, and the entry spans among them.
///
/// The one-minute files overlap by a few seconds, so a span can be in two files; it is kept once. A pod's
/// entry span is the work it did for one incoming call: a trace root, or a span whose parent ran on another
/// pod. The other spans are the pod's internal steps and its own outgoing calls, which belong to the callee's
/// latency, not to a request this pod served.
struct NezhaSpans {
    /// A span's identity: the 128-bit trace id and the 64-bit span id.
    struct Key: Hashable {
        var traceHigh: UInt64
        var traceLow: UInt64
        var span: UInt64
    }

    private(set) var podNames: [String] = []
    private var podIndex: [String: Int] = [:]
    private var keys: [Key] = []
    /// The parent's span id, nil for a trace root.
    private var parents: [UInt64?] = []
    private var pods: [Int] = []
    /// Start times in seconds.
    private var starts: [Double] = []
    /// Durations in microseconds.
    private var durations: [Double] = []
    private var podOfSpan: [Key: Int] = [:]
    /// Rows read, duplicates included.
    private(set) var rowsRead = 0
    /// Rows that repeated a span already read.
    private(set) var duplicates = 0

    /// Adds the spans of one trace file.
    /// - Throws: `InputError` naming file, line and column of a field it cannot read.
    mutating func read(_ buffer: InputBuffer, header: CSVHeader) throws(InputError) {
        let file = buffer.path
        let traceColumn = try header.require("TraceID", file: file)
        let spanColumn = try header.require("SpanID", file: file)
        let parentColumn = try header.require("ParentID", file: file)
        let podColumn = try header.require("PodName", file: file)
        let startColumn = try header.require("StartTimeUnixNano", file: file)
        let durationColumn = try header.require("Duration", file: file)
        do {
            try CSVReader(buffer: buffer, header: header).forEachRow { row in
                rowsRead += 1
                let trace = try Self.hexID(row, traceColumn, digits: 32, file: file)
                let key = Key(traceHigh: trace.high, traceLow: trace.low, span: try Self.hexID(row, spanColumn, digits: 16, file: file).low)
                guard podOfSpan[key] == nil else {
                    duplicates += 1
                    return
                }
                let isRoot = row.withField(parentColumn) { $0.elementsEqual("root".utf8) }
                let parent = isRoot ? nil : try Self.hexID(row, parentColumn, digits: 16, file: file).low
                let duration = try row.double(durationColumn)
                guard duration >= 0 else {
                    throw InputError(
                        code: .notANumber, file: file, line: row.line, column: durationColumn + 1,
                        message: "a span duration cannot be negative (\(duration) µs)")
                }
                let pod = intern(row.string(podColumn))
                keys.append(key)
                parents.append(parent)
                pods.append(pod)
                starts.append(Double(try row.int64(startColumn)) / 1e9)
                durations.append(duration)
                podOfSpan[key] = pod
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(code: .unreadable, file: file, message: "\(error)")
        }
    }

    /// The entry spans as requests (backend = pod, latency in ms), and how many spans were not entries.
    /// - Returns: The requests, the spans that ran inside their pod, and the spans whose parent is in no input.
    func entrySpans() -> (requests: RequestTrace, inner: Int, orphans: Int) {
        var builder = RequestTraceBuilder()
        var inner = 0
        var orphans = 0
        for span in keys.indices {
            if let parent = parents[span] {
                let parentKey = Key(traceHigh: keys[span].traceHigh, traceLow: keys[span].traceLow, span: parent)
                guard let parentPod = podOfSpan[parentKey] else {
                    orphans += 1
                    continue
                }
                if parentPod == pods[span] {
                    inner += 1
                    continue
                }
            }
            builder.append(time: starts[span], backend: podNames[pods[span]], latency: durations[span] / 1000)
        }
        return (builder.build(), inner, orphans)
    }

    private mutating func intern(_ pod: String) -> Int {
        if let index = podIndex[pod] { return index }
        podIndex[pod] = podNames.count
        podNames.append(pod)
        return podNames.count - 1
    }

    /// A hexadecimal id of at most `digits` digits, as two 64-bit halves.
    private static func hexID(
        _ row: borrowing CSVRow, _ column: Int, digits: Int, file: String
    ) throws(InputError) -> (high: UInt64, low: UInt64) {
        let parsed = row.withField(column) { bytes -> (UInt64, UInt64)? in
            guard !bytes.isEmpty, bytes.count <= digits else { return nil }
            var high: UInt64 = 0
            var low: UInt64 = 0
            for byte in bytes {
                let value: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): value = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                high = high << 4 | low >> 60
                low = low << 4 | UInt64(value)
            }
            return (high, low)
        }
        guard let parsed else {
            throw InputError(
                code: .notANumber, file: file, line: row.line, column: column + 1,
                message: "'\(row.string(column))' is not a hexadecimal id of at most \(digits) digits")
        }
        return parsed
    }
}
