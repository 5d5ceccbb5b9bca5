import AdvisorTraces
import FuzzSupport

// Every access-trace format: the first byte picks the format, the rest is the file. A reader may
// refuse the input (`InputError`, as a user would see it); anything else (a trap, a sanitizer
// report, a leak, a hang) is a bug.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAccessTrace(_ start: UnsafeRawPointer?, _ size: Int) -> Int32 {
    let formats = AccessFormat.allCases
    guard let (choice, rest, count) = FuzzFile.choice(start, size, among: formats.count) else { return 0 }
    FuzzFile.with(rest, count) { path in
        _ = try? AccessTrace.read(path: path, format: formats[choice])
    }
    return 0
}

@_cdecl("fuzz_access_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    fuzz(argc, argv, fuzzAccessTrace)
}
