import Synchronization

/// Holds loaders until the test opens it, so that several `get`s overlap on one slow load.
final class LoadGate: Sendable {
    private struct State {
        var isOpen = false
        var entered = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// How many loaders have reached the gate.
    var entered: Int { state.withLock { $0.entered } }

    /// Waits until the gate is open.
    func pass() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state in
                state.entered += 1
                if !state.isOpen { state.waiting.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
    }

    /// Lets every waiting and future loader through.
    func open() {
        let waiting = state.withLock { state in
            state.isOpen = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }
}

/// Waits, a millisecond at a time for at most five seconds, until `condition` holds.
/// - Returns: whether it held in time.
func eventually(_ condition: () -> Bool) async throws -> Bool {
    for _ in 0..<5_000 {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(1))
    }
    return condition()
}
