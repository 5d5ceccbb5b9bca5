import AdvisorLearning
import FuzzSupport
import Glibc

// Model files as `advisor train` writes them and every runtime type loads them. With
// ADVISOR_FUZZ_WRITE_SEEDS=FOLDER the binary instead writes seed models there and exits: a ridge,
// a logistic and a quantile model fitted on a real NAB CloudWatch series (ADVISOR_FUZZ_SERIES), so
// the fuzzer starts from files of the real shape.

@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<Int32>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> Int32 {
    guard let folder = getenv("ADVISOR_FUZZ_WRITE_SEEDS").map({ String(cString: $0) }),
        let series = getenv("ADVISOR_FUZZ_SERIES").map({ String(cString: $0) })
    else { return 0 }
    // `_exit`, not `exit`: the leak checker runs at `exit` and would report this function's own
    // strings, still alive in its frame, as leaks.
    do {
        try SeedModels.write(to: folder, series: series)
        _exit(0)
    } catch {
        print("cannot write seed models: \(error)")
        _exit(1)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModel(_ start: UnsafeRawPointer?, _ size: Int) -> Int32 {
    FuzzFile.with(start, size) { path in
        guard let model = try? ModelArtifact.load(path: path) else { return }
        // A model that loaded must score a row of its features' means without trapping.
        let scorer = LinearScorer(model)
        let prediction = model.standardization.mean.withUnsafeBufferPointer { scorer.predict($0) }
        precondition(!prediction.isNaN || model.features.isEmpty, "a loaded model predicts NaN at its means")
    }
    return 0
}

@_cdecl("fuzz_model_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    fuzz(argc, argv, fuzzModel)
}
