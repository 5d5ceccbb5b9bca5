import Synchronization

/// Keeps the failure with the smallest byte offset among all chunks, and lets chunks past it stop early.
final class FirstErrorTracker: Sendable {
    private let state = Mutex<ScanFailure?>(nil)

    /// The first failure recorded so far.
    var first: ScanFailure? { state.withLock { $0 } }

    /// Whether a chunk now at `offset` can stop: an earlier failure is already known, so nothing it finds
    /// could be reported. Chunks before the known failure keep going, which keeps the result deterministic.
    func canStop(at offset: Int) -> Bool {
        state.withLock { ($0?.offset ?? .max) < offset }
    }

    /// Records a failure if it precedes every failure recorded so far.
    func record(_ failure: ScanFailure) {
        state.withLock { current in
            if current == nil || failure.offset < current!.offset { current = failure }
        }
    }
}

/// A failure found by a chunk, located by byte offset; the line number is computed once, at the end.
struct ScanFailure: Sendable {
    var code: InputError.Code
    /// The byte offset of the bad field (or of the row end, for a missing field): orders failures.
    var offset: Int
    /// The start of the row, for the line number.
    var lineStart: Int
    var column: Int
    var message: String

    func error(file: String, line: Int) -> InputError {
        InputError(code: code, file: file, line: line, column: column, message: message)
    }
}
