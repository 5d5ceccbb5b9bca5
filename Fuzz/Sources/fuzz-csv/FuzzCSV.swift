import AdvisorInput
import FuzzSupport

// The CSV layer every text reader stands on: the header, the row reader, and the numeric scanner
// `advisor fit` and `predict` use, split into one to four concurrent chunks (the first byte picks
// how many), so the chunk boundaries the fuzzer moves around are exercised too.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafeRawPointer?, _ size: Int) -> Int32 {
    guard let (choice, rest, count) = FuzzFile.choice(start, size, among: 4) else { return 0 }
    FuzzFile.with(rest, count) { path in
        guard let buffer = try? InputBuffer.open(path: path), let header = try? CSVHeader(buffer: buffer) else { return }
        var fields = 0
        try? CSVReader(buffer: buffer, header: header).forEachRow { row in
            for field in 0..<row.fieldCount { fields &+= row.string(field).utf8.count + ((try? row.double(field)) == nil ? 0 : 1) }
        }
        let columns = Array(header.names.indices)
        try? NumericScan.run(buffer: buffer, header: header, columns: columns, nonNegative: [0: "the first column"], chunkCount: choice + 1)
        {
            _, values, rows in precondition(values.count == rows * columns.count, "a batch of the wrong shape")
        }
    }
    return 0
}

@_cdecl("fuzz_csv_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    fuzz(argc, argv, fuzzCSV)
}
