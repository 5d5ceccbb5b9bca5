import CoreMetrics
import Logging
import MetricsTestKit
import Synchronization
import Testing

/// The metrics backend of the whole test process: `MetricsSystem.bootstrap` may be called once per
/// process, so every test shares this one and names what it watches uniquely (the tests run in parallel).
let testMetrics: TestMetrics = {
    let metrics = TestMetrics()
    MetricsSystem.bootstrap(metrics)
    return metrics
}()

/// The total of a counter, failing the test when the exporter never created it.
func counter(_ label: String, _ dimensions: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
    Int(
        try #require(try? testMetrics.expectCounter(label, dimensions), "no counter \(label) \(dimensions)", sourceLocation: sourceLocation)
            .totalValue)
}

/// The last value of a gauge, failing the test when the exporter never set it.
func gauge(_ label: String, _ dimensions: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation) throws -> Double {
    let recorder = try #require(
        try? testMetrics.expectGauge(label, dimensions), "no gauge \(label) \(dimensions)", sourceLocation: sourceLocation)
    return try #require(recorder.lastValue, "gauge \(label) never set", sourceLocation: sourceLocation)
}

/// Log records kept by `CapturedLogs.logger`, for the tests to read.
final class CapturedLogs: Sendable {
    struct Record: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: Logger.Metadata
    }

    private let records = Mutex<[Record]>([])

    /// A logger at trace level whose every record lands here.
    var logger: Logger {
        Logger(label: "advisor-metrics-test", factory: { _ in Handler(logs: self) })
    }

    var all: [Record] { records.withLock { $0 } }

    func append(_ record: Record) { records.withLock { $0.append(record) } }

    /// A swift-log handler that appends to its `CapturedLogs`.
    struct Handler: LogHandler {
        let logs: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            logs.append(
                Record(level: event.level, message: event.message.description, metadata: metadata.merging(event.metadata ?? [:]) { $1 }))
        }
    }
}
