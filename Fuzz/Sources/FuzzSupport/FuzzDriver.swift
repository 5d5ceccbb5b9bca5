/// One input's test: the bytes and their count, as libFuzzer passes them.
public typealias FuzzTest = @convention(c) (UnsafeRawPointer?, Int) -> Int32

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ test: FuzzTest
) -> Int32

/// Runs libFuzzer's own driver (its flags, corpus folders, crash files) on `test`.
///
/// SwiftPM links an executable target's entry point as `<module>_main` and points `main` at it, so
/// libFuzzer's `main` is never linked; each target's entry point calls this instead, which is what
/// that `main` would have done.
public func fuzz(
    _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ test: FuzzTest
) -> Int32 {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments, test)
}
