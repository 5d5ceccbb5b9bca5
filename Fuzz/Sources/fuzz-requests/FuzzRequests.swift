import AdvisorTraces
import FuzzSupport

// Every request-trace reader: the canonical CSV and the joined formats (`RequestFormat`), the arrival
// processes (`ArrivalFormat`) and a server-metric series. The first byte picks the reader.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestTrace(_ start: UnsafeRawPointer?, _ size: Int) -> Int32 {
    let requests = RequestFormat.allCases
    let arrivals = ArrivalFormat.allCases
    guard let (choice, rest, count) = FuzzFile.choice(start, size, among: requests.count + arrivals.count + 1) else { return 0 }
    FuzzFile.with(rest, count) { path in
        guard let inputs = try? InputFiles(expanding: [path]) else { return }
        if choice < requests.count {
            _ = try? requests[choice].read(inputs)
        } else if choice < requests.count + arrivals.count {
            _ = try? arrivals[choice - requests.count].read(inputs)
        } else {
            _ = try? MetricSeries.read(path: path)
        }
    }
    return 0
}

@_cdecl("fuzz_requests_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    fuzz(argc, argv, fuzzRequestTrace)
}
