import Synchronization
import Testing

@testable import AdvisorInput

/// Reads real traces in place from ../shared/datasets and checks them against numbers computed with python3.
struct RealDatasetTests {
    @Test func readsTheCloudPhysicsTraceRowByRow() throws {
        let buffer = try InputBuffer.open(path: Fixtures.dataset("cloudphysics-block-sample/cloudPhysicsIO.csv"))
        let header = try CSVHeader(buffer: buffer)
        #expect(header.names == ["version", "time", "op", "size", "lbn"])
        let op = try header.require("op", file: buffer.path)
        let size = try header.require("size", file: buffer.path)
        var rows = 0
        var writes = 0
        var sizeSum: Int64 = 0
        var first: [String] = []
        try CSVReader(buffer: buffer, header: header).forEachRow { row in
            if rows == 0 { first = (0..<row.fieldCount).map { row.string($0) } }
            rows += 1
            if row.string(op) == "2a" { writes += 1 }
            sizeSum += try row.int64(size)
        }
        // python3: rows = list(csv.reader(open(...)))[1:]; len(rows); sum(r[2] == '2a' for r in rows);
        // sum(int(r[3]) for r in rows); rows[0]
        #expect(rows == 113_872)
        #expect(writes == 66_898)
        #expect(sizeSum == 4_205_978_112)
        #expect(first == ["1", "5633898", "2a", "512", "42932745"])
    }

    @Test(arguments: [1, 2, 7])
    func scansTheCloudPhysicsNumericColumns(chunks: Int) throws {
        let buffer = try InputBuffer.open(path: Fixtures.dataset("cloudphysics-block-sample/cloudPhysicsIO.csv"))
        let header = try CSVHeader(buffer: buffer)
        let collector = BatchCollector()
        try NumericScan.run(
            buffer: buffer, header: header, columns: [1, 3, 4], chunkCount: chunks, sink: collector.sink(width: 3))
        let rows = collector.rows
        // python3 over csv.reader rows: sum(int(r[1])), sum(int(r[3])), sum(int(r[4])); first and last rows.
        // All values are integers, so the Double sums are exact whatever the order.
        #expect(rows.count == 113_872)
        #expect(rows.first == [5_633_898, 512, 42_932_745])
        #expect(rows.last == [5_641_098, 512, 42_936_150])
        #expect(rows.reduce(0) { $0 + $1[0] } == 641_964_864_402)
        #expect(rows.reduce(0) { $0 + $1[1] } == 4_205_978_112)
        #expect(rows.reduce(0) { $0 + $1[2] } == 3_219_283_716_535)
    }

    @Test func scansAGzipTraceAndAgreesWithTheRowReader() throws {
        let buffer = try InputBuffer.open(
            path: Fixtures.dataset("alibaba-genai-serving-2026/pipeline_inference_data_anon.csv.gz"))
        let header = try CSVHeader(buffer: buffer)
        #expect(header.names == ["timestamp_anon", "value", "container_ip"])
        let collector = BatchCollector()
        try NumericScan.run(
            buffer: buffer, header: header, columns: [0, 1], chunkCount: 2, sink: collector.sink(width: 2))
        let scanned = collector.rows
        var read: [[Double]] = []
        var containers = Set<String>()
        try CSVReader(buffer: buffer, header: header).forEachRow { row in
            read.append([try row.double(0), Double(row.string(1))!])
            containers.insert(row.string(2))
        }
        // python3 over csv.reader(gzip.open(..., 'rt')) rows: len, first row, math.fsum of each column,
        // len(set(ips)). The timestamps are integral, so their sum is exact; the values are not.
        #expect(scanned.count == 34_421)
        #expect(scanned == read)
        #expect(scanned.first == [1_662_858_720, 19_106])
        #expect(scanned.reduce(0) { $0 + $1[0] } == 57_238_071_967_317)
        #expect(abs(scanned.reduce(0) { $0 + $1[1] } - 624_764_262.366_666_7) < 1e-5)
        #expect(containers.count == 132)
    }
}
