import AdvisorInput
import AdvisorLearning
import AdvisorTestSupport
import AdvisorTraces
import AdvisorTraining
import Foundation
import Testing

/// The request formats on the real server-metric datasets: counts against `../shared/datasets/README.md`,
/// as-of joins that never use a later sample, and a converted trace that trains.
struct RequestFormatTests {
    static let alibaba = "alibaba-genai-serving-2026"
    static let nezha = SharedData.nezhaTestbed

    /// A metric file's samples per container or pod, in file order, read independently of the format readers.
    static func samples(_ path: String, time: String, value: String, entity: String) throws -> [String: [(time: Double, value: Double)]] {
        let buffer = try InputBuffer.open(path: path)
        let header = try CSVHeader(buffer: buffer)
        let columns = try (header.require(time, file: path), header.require(value, file: path), header.require(entity, file: path))
        var samples: [String: [(time: Double, value: Double)]] = [:]
        try CSVReader(buffer: buffer, header: header).forEachRow { row in
            let text = row.string(columns.1)
            guard text != "NaN" else { return }
            samples[row.string(columns.2), default: []].append((try row.double(columns.0), Double(text)!))
        }
        return samples
    }

    /// Brute force: the value of the last-read sample among those with the latest time at or before `time`.
    static func asOf(_ samples: [(time: Double, value: Double)], _ time: Double) -> (time: Double, value: Double)? {
        var latest: (time: Double, value: Double)?
        for sample in samples where sample.time <= time && sample.time >= (latest?.time ?? -.infinity) { latest = sample }
        return latest
    }

    @Test("Alibaba: the latency file alone gives the README's 34,421 requests from 132 containers")
    func alibabaRequests() throws {
        let inputs = try InputFiles(expanding: [SharedData.path("\(Self.alibaba)/pipeline_inference_data_anon.csv.gz")])
        let (trace, report) = try RequestFormat.alibabaGenAI.read(inputs)
        #expect(trace.count == 34_421 && report.recordsRead == 34_421)
        #expect(trace.backendNames.count == 132)
        #expect(trace.metricNames.isEmpty)
        // The README: all metric files cover 1,662,858,720 → 1,662,940,800; latency 912 / 15,130 / 90,740 ms
        // (python3: the maximum is 90,741, rounded in the README).
        #expect(report.timeRange == [1_662_858_720, 1_662_940_800])
        #expect(trace.latencies.min() == 912 && trace.latencies.max() == 90_741)
    }

    @Test("Alibaba: every joined metric is the container's latest sample at or before the request, never a later one")
    func alibabaJoinUsesNoLaterSample() throws {
        let folder = try SharedData.path(Self.alibaba)
        let (trace, report) = try RequestFormat.alibabaGenAI.read(try InputFiles(expanding: [folder]))
        #expect(report.ignored.count == 8)
        #expect(trace.metricNames == ["queue_ms", "qps", "gpu_duty_cycle_pct", "gpu_memory_bytes", "memory_util"])
        #expect(trace.count + report.dropped.values.reduce(0, +) == 34_421)
        #expect(report.sampleAgeSeconds.values.allSatisfy { $0.max <= 600 })
        var checked = 0
        var laterSampleDiffers = 0
        for (column, file) in [(0, "queue_rt_raw_anon"), (2, "pod_gpu_duty_cycle_anon")] {
            let samples = try Self.samples(
                "\(folder)/\(file).csv.gz", time: "timestamp_anon", value: "value", entity: "container_ip")
            for row in stride(from: 0, to: trace.count, by: 25) {
                let time = trace.timestamps[row]
                let series = try #require(samples[trace.backendNames[trace.backends[row]]])
                let expected = try #require(Self.asOf(series, time))
                #expect(trace.metrics[row * trace.metricNames.count + column] == expected.value, "row \(row), \(file)")
                checked += 1
                // A join that took the next sample instead would differ here: the check can fail.
                if let next = series.filter({ $0.time > time }).min(by: { $0.time < $1.time }), next.value != expected.value {
                    laterSampleDiffers += 1
                }
            }
        }
        #expect(checked > 2_000)
        #expect(laterSampleDiffers > checked / 4)
    }

    @Test("AsOfJoin with a lag and a maximum age keeps exactly the requests that have such a sample, and takes the latest")
    func joinWithLagOnRealRows() throws {
        let folder = try SharedData.path(Self.alibaba)
        let (requests, _) = try RequestFormat.alibabaGenAI.read(
            try InputFiles(expanding: ["\(folder)/pipeline_inference_data_anon.csv.gz"]))
        let queue = try Self.samples("\(folder)/queue_rt_raw_anon.csv.gz", time: "timestamp_anon", value: "value", entity: "container_ip")
        let column = AsOfJoin.Column(
            name: "queue_ms",
            seriesByBackend: queue.mapValues { MetricSeries(name: "queue_ms", times: $0.map(\.time), values: $0.map(\.value)) })
        var options = AsOfJoin.Options()
        options.lag = 57
        options.maxAge = 300
        let joined = AsOfJoin.join(requests, columns: [column], options: options)
        var expectedKept = 0
        for row in 0..<requests.count {
            let time = requests.timestamps[row]
            let series = queue[requests.backendNames[requests.backends[row]]] ?? []
            if series.contains(where: { $0.time <= time - 57 && $0.time >= time - 300 }) { expectedKept += 1 }
        }
        #expect(joined.trace.count == expectedKept)
        #expect(joined.dropped["queue_ms"] == requests.count - expectedKept)
        for row in 0..<joined.trace.count {
            let time = joined.trace.timestamps[row]
            let used = joined.sampleTimes[row]
            let series = queue[joined.trace.backendNames[joined.trace.backends[row]]]!
            #expect(used <= time - 57 && used >= time - 300)
            #expect(!series.contains { $0.time > used && $0.time <= time - 57 }, "row \(row) skipped a later usable sample")
            #expect(joined.trace.metrics[row] == Self.asOf(series, time - 57)?.value)
        }
    }

    @Test("Nezha: 483,790 spans read, overlapping minutes deduplicated, each pod's entry spans joined with its minute metrics")
    func nezhaEntrySpans() throws {
        let folder = try SharedData.path(Self.nezha)
        let (trace, report) = try RequestFormat.nezha.read(try InputFiles(expanding: [folder]))
        #expect(report.recordsRead == 483_790)  // README: total spans
        #expect(trace.backendNames.count == 10)  // README: 10 pods
        // python3: 3,388 (TraceID, SpanID) pairs repeat in adjacent minute files, all identical; 126,221 unique spans are
        // roots or have their parent on another pod; no parent is missing.
        let duplicates = report.dropped["duplicate span (in two overlapping minute files)"]
        let inner = try #require(report.dropped["span inside its pod (its parent ran on the same pod)"])
        #expect(duplicates == 3_388)
        #expect(trace.count == 126_221)
        #expect(trace.count + inner + 3_388 == 483_790)
        #expect(trace.metricNames.count == 19)
        #expect(trace.metricNames.contains("cpu_usage_rate_pct") && trace.metricNames.contains("pod_server_latency_p90_s"))
        #expect(trace.metrics.allSatisfy { $0.isFinite })
        // README: durations 8 µs … 6.59 s (python3: the longest span, 6,593,204 µs, is a frontend entry span).
        #expect(trace.latencies.min()! >= 0.008 && trace.latencies.max() == 6_593.204)

        let frontend = "frontend-579b9bff58-t2dbm"
        let cpu = try Self.samples(
            "\(folder)/metric/\(frontend)_metric.csv.gz", time: "TimeStamp", value: "CpuUsage(m)", entity: "PodName")[frontend]!
        let column = trace.metricNames.firstIndex(of: "cpu_usage_m")!
        var checked = 0
        for row in stride(from: 0, to: trace.count, by: 10) where trace.backendNames[trace.backends[row]] == frontend {
            let expected = try #require(Self.asOf(cpu, trace.timestamps[row]))
            #expect(trace.metrics[row * 19 + column] == expected.value)
            checked += 1
        }
        #expect(checked > 1_000)
    }

    @Test("Azure VM noise: each file's runs against the README, one backend per VM")
    func azureVMNoise() throws {
        let folder = try SharedData.path("azure-vm-noise-2024")
        let files = try InputFiles(expanding: [folder]).paths
        #expect(files.count == 16)
        let first = try #require(DateTimeParserReference.utc(2023, 5, 28))
        let end = try #require(DateTimeParserReference.utc(2024, 9, 24))
        for file in files {
            let (trace, report) = try RequestFormat.azureVMNoise.read(try InputFiles(expanding: [file]))
            let name = (file as NSString).lastPathComponent
            #expect(report.recordsRead == trace.count)
            #expect((6_941...20_731).contains(trace.count), "\(name)")
            // "long" files: 3 VMs measured for months; "short" files: a fresh VM per row.
            #expect(trace.backendNames.count == (name.contains("__long_") ? 3 : trace.count), "\(name)")
            #expect(trace.timestamps.first! >= first && trace.timestamps.last! < end, "\(name)")
            // README: pgbench 0.086–0.281 ms; redis 443,800–2,863,000 GET/s with 50 connections, so 50/X s per GET.
            let range = name.hasPrefix("pgbench") ? 0.086...0.281 : (50_000 / 2_863_400)...(50_000 / 443_800)
            #expect(trace.latencies.allSatisfy { range.contains($0) }, "\(name)")
        }
    }

    @Test("folders expand to their visible files in path order, and a file given twice is read once")
    func inputFolders() throws {
        let first = try TemporaryFile.write("x\n1\n", name: "b.csv")
        let folder = (first as NSString).deletingLastPathComponent
        for name in ["a.csv", ".hidden.csv", ".git/objects.csv", "sub/c.csv"] {
            let path = "\(folder)/\(name)"
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try "x\n1\n".write(toFile: path, atomically: true, encoding: .utf8)
        }
        let inputs = try InputFiles(expanding: [first, folder])
        #expect(inputs.paths == [first, "\(folder)/a.csv", "\(folder)/sub/c.csv"])
        #expect(throws: InputError.self) { try InputFiles(expanding: ["\(folder)/missing.csv"]) }
    }

    @Test("canonical: the embedded recording is rewritten with every value intact")
    func canonicalRewriteOfTheRecording() throws {
        let path = SharedData.embeddedRecording
        let (trace, report) = try RequestFormat.canonical.read(try InputFiles(expanding: [path]))
        let original = try RequestTrace.read(try InputBuffer.open(path: path), mapping: ColumnMapping())
        #expect(report.rows == original.count && report.backends == original.backendNames.count)
        let rewritten = try TemporaryFile.write(trace.csvText(), name: "requests.csv")
        let reread = try RequestTrace.read(try InputBuffer.open(path: rewritten), mapping: ColumnMapping())
        #expect(reread.timestamps == original.timestamps && reread.latencies == original.latencies)
        #expect(reread.metricNames == original.metricNames && reread.metrics == original.metrics)
        #expect(reread.backendNames == original.backendNames && reread.failed == original.failed)
    }

    @Test("canonical: failures survive a rewrite as a status column, and a backend name with a comma is quoted")
    func canonicalStatusAndQuoting() throws {
        let path = try TemporaryFile.write(
            "ts,server,rt,code,cpu\n1.5,\"east, rack 2\",12.5,200,0.3\n2.0,west,40,503,0.9\n", name: "mine.csv")
        var options = RequestFormat.Options()
        options.mapping.latency = "rt"
        options.mapping.status = "code"
        options.latencyUnit = 1_000
        let (trace, report) = try RequestFormat.canonical.read(try InputFiles(expanding: [path]), options: options)
        #expect(report.columns == ["timestamp", "backend", "latency_ms", "status", "cpu"])
        #expect(
            trace.csvText() == "timestamp,backend,latency_ms,status,cpu\n1.5,\"east, rack 2\",12500.0,ok,0.3\n2.0,west,40000.0,error,0.9\n")
        let reread = try RequestTrace.read(
            try InputBuffer.open(path: try TemporaryFile.write(trace.csvText(), name: "canonical.csv")), mapping: ColumnMapping())
        #expect(reread.failed == [false, true] && reread.backendNames == ["east, rack 2", "west"] && reread.metrics == [0.3, 0.9])
    }

    @Test("a converted Alibaba trace is a canonical CSV: it reads back unchanged and trains the request models")
    func convertedTraceTrains() throws {
        let (trace, _) = try RequestFormat.alibabaGenAI.read(try InputFiles(expanding: [SharedData.path(Self.alibaba)]))
        let path = try TemporaryFile.write(trace.csvText(), name: "alibaba-requests.csv")
        let buffer = try InputBuffer.open(path: path)
        #expect(try TraceKind.recognise(CSVHeader(buffer: buffer), mapping: ColumnMapping(), file: path) == .request)
        let reread = try RequestTrace.read(buffer, mapping: ColumnMapping())
        #expect(reread.timestamps == trace.timestamps && reread.latencies == trace.latencies && reread.metrics == trace.metrics)
        #expect(reread.backendNames == trace.backendNames && reread.backends == trace.backends && reread.metricNames == trace.metricNames)

        var options = RequestTrainer.Options()
        options.quantiles = [0.9]
        let (models, report) = try RequestTrainer.train(
            reread, source: TrainingSource(path: buffer.path, fingerprint: Fingerprint.of(buffer)), options: options)
        #expect(report.features.suffix(5) == ["queue_ms", "qps", "gpu_duty_cycle_pct", "gpu_memory_bytes", "memory_util"])
        // On the later 20 %, with the containers' own metrics, both models beat their naive baselines.
        for model in models {
            try model.artifact.validate(expectedFeatures: report.features)
            let holdout = try #require(model.artifact.holdout)
            if model.artifact.kind == .quantile {
                let coverage = try #require(holdout.metrics["coverage"])
                #expect(abs(coverage - model.artifact.quantile!) < 0.05, "\(model.artifact.name)")
                #expect(try #require(holdout.metrics["pinball"]) < #require(holdout.baselineMetrics["pinball"]))
            } else {
                #expect(try #require(holdout.metrics["r2"]) > #require(holdout.baselineMetrics["r2"]))
                #expect(try #require(holdout.metrics["mape"]) < #require(holdout.baselineMetrics["mape"]))
            }
        }
    }
}

/// UTC midnights computed with Foundation, independently of `DateTimeParser`.
enum DateTimeParserReference {
    static func utc(_ year: Int, _ month: Int, _ day: Int) -> Double? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: year, month: month, day: day))?.timeIntervalSince1970
    }
}
