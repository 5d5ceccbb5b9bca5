import AdvisorInput
import AdvisorLearning
import Benchmark
import Foundation

// Real data only: the CloudPhysics block trace (5 MB CSV, 113,872 rows) read in place from
// ../shared/datasets, and the Nezha frontend pod's metrics for the fits.
let datasets = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/datasets")
let cloudPhysics = datasets.appendingPathComponent("cloudphysics-block-sample/cloudPhysicsIO.csv").path
let nezha = datasets.appendingPathComponent("nezha-microservice-testbed/ob_2022-08-23/metric/frontend-579b9bff58-t2dbm_metric.csv.gz").path
let nezhaFeatures = [
    "CpuUsageRate(%)", "MemoryUsageRate(%)", "SyscallRead", "SyscallWrite", "NetworkReceiveBytes", "NetworkTransmitBytes",
    "PodWorkload(Ops)", "NodeCpuUsageRate(%)",
]

/// Numeric rows (time, size, lbn) of the CloudPhysics trace, row-major.
func cloudPhysicsRows() throws -> [Double] {
    let buffer = try InputBuffer.open(path: cloudPhysics)
    let header = try CSVHeader(buffer: buffer)
    let columns = try ["time", "size", "lbn"].map { try header.require($0, file: cloudPhysics) }
    let collected = ChunkSlots(count: 1, initial: [Double]())
    try NumericScan.run(buffer: buffer, header: header, columns: columns, chunkCount: 1) { chunk, values, count in
        collected.update(chunk) { $0.append(contentsOf: values.prefix(count * 3)) }
    }
    return collected.values[0]
}

/// The Nezha rows as a dataset (target: PodServerLatencyP90(s)).
func nezhaDataset() throws -> Dataset {
    let buffer = try InputBuffer.open(path: nezha)
    let header = try CSVHeader(buffer: buffer)
    let columns = try (nezhaFeatures + ["PodServerLatencyP90(s)"]).map { try header.require($0, file: nezha) }
    var data = Dataset(featureCount: nezhaFeatures.count)
    try CSVReader(buffer: buffer, header: header).forEachRow { row in
        let values = try columns.map { try row.double($0) }
        data.append(features: values.dropLast(), target: values.last!)
    }
    return data
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(3))

    let buffer = try! InputBuffer.open(path: cloudPhysics)
    let header = try! CSVHeader(buffer: buffer)
    let numericColumns = try! ["time", "size", "lbn"].map { try header.require($0, file: cloudPhysics) }
    // Throughput here counts scans; MB/s = scans/s × file size (printed once below).
    print("CSV parse input: \(cloudPhysics), \(buffer.count) bytes")
    for chunks in [1, 2] {
        Benchmark("CSV parse cloudPhysicsIO.csv, \(chunks) chunk(s)", configuration: .init(scalingFactor: .one)) { benchmark in
            for _ in benchmark.scaledIterations {
                try NumericScan.run(buffer: buffer, header: header, columns: numericColumns, chunkCount: chunks) { _, values, _ in
                    blackHole(values.first)
                }
            }
        }
    }

    let rows = try! cloudPhysicsRows()
    Benchmark("Gram accumulation, 113,872 rows × 3 columns (dsyrk)") { benchmark in
        for _ in benchmark.scaledIterations {
            var accumulator = GramAccumulator(shift: Array(rows.prefix(3)))
            rows.withUnsafeBufferPointer { accumulator.add(rows: $0, count: rows.count / 3, stride: 3) }
            blackHole(accumulator.moments())
        }
    }

    let data = try! nezhaDataset()
    let moments = data.moments()
    Benchmark("Ridge solve from moments, 8 features") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try RidgeRegression.fit(moments, alpha: 1)) }
    }
    Benchmark("Ridge fit with time-ordered CV, 721 rows × 8 features") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try RidgeRegression.fit(data, alpha: nil)) }
    }
    let median = data.targets.sorted()[data.rowCount / 2]
    let labelled = data.withTargets(data.targets.map { $0 > median ? 1 : 0 })
    Benchmark("Logistic fit (IRLS), 721 rows × 8 features") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try LogisticRegression.fit(labelled, alpha: 1)) }
    }
    Benchmark("Quantile fit p90 (IRLS + simplex), 721 rows × 8 features") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try QuantileRegression.fit(data, quantile: 0.9)) }
    }

    accessTraceReadBenchmarks()

    let model = try! RidgeRegression.fit(moments, alpha: 1)
    let artifact = ModelArtifact(
        name: "bench", kind: .ridge, target: "PodServerLatencyP90(s)", link: .identity, alpha: 1, features: nezhaFeatures, model: model,
        training: .init(source: nezha, fingerprint: "-", rows: data.rowCount, split: "all"), holdout: nil)
    let scorer = LinearScorer(artifact)
    let features = Array(data.features.prefix(nezhaFeatures.count))
    Benchmark("Model scoring, 8 features (ns per call)", configuration: .init(scalingFactor: .mega)) { benchmark in
        features.withUnsafeBufferPointer { row in
            for _ in benchmark.scaledIterations { blackHole(scorer.predict(row)) }
        }
    }

}
