public import AdvisorTraces
public import ArgumentParser
import Foundation

/// Flags that name the columns of a trace when the header does not use advisor's names.
struct ColumnOptions: ParsableArguments {
    @Option(help: "Column with the request time in seconds (default: timestamp, time, ts, …).")
    var timestampColumn: String?

    @Option(help: "Access traces: column with the object key (default: key, obj_id, lbn, …).")
    var keyColumn: String?

    @Option(help: "Access traces: column with the object size in bytes (default: size, obj_size, …).")
    var sizeColumn: String?

    @Option(help: "Access traces: column with the operation; set/put/write and SCSI write opcodes count as writes.")
    var opColumn: String?

    @Option(help: "Request traces: column naming the backend that served the request (default: backend, server, container_ip, …).")
    var backendColumn: String?

    @Option(help: "Request traces: column with the latency (default: latency, latency_ms, rt, duration, …).")
    var latencyColumn: String?

    @Option(help: "Request traces: column with a status; 0, HTTP 1xx–3xx and 'ok' are successes, anything else a failure.")
    var statusColumn: String?

    @Option(help: "Request traces: comma-separated server-metric columns to use as features (default: every other numeric column).")
    var metrics: String?

    /// Whether any flag names a column of an access trace.
    var namesAccessColumns: Bool {
        timestampColumn != nil || keyColumn != nil || sizeColumn != nil || opColumn != nil
    }

    var mapping: ColumnMapping {
        var mapping = ColumnMapping()
        mapping.timestamp = timestampColumn
        mapping.key = keyColumn
        mapping.size = sizeColumn
        mapping.op = opColumn
        mapping.backend = backendColumn
        mapping.latency = latencyColumn
        mapping.status = statusColumn
        mapping.metrics = metrics.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        return mapping
    }
}

/// Units of a latency column, as milliseconds per unit.
enum LatencyUnit: String, ExpressibleByArgument, CaseIterable {
    case us, ms, s

    var milliseconds: Double {
        switch self {
        case .us: 0.001
        case .ms: 1
        case .s: 1000
        }
    }
}

extension TraceKind: ExpressibleByArgument {}

extension AccessFormat: ExpressibleByArgument {
    /// Shown beside each format name in `--help`.
    public var defaultValueDescription: String { summary }
}
