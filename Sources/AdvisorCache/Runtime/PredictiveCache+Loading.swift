extension PredictiveCache {
    /// The miss path of `get`: waits for the key's load, starting it if none is in flight.
    ///
    /// The caller registers its continuation in the same critical section that counts the miss
    /// and decides whether to start a load, so a load can never finish between the decision and
    /// the registration. Its cancellation handler finds it by `token`.
    @usableFromInline
    func waitForLoad(of key: Key, token: UInt64, at time: Int64) async throws -> Value {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let (answer, launches) = state.withLock {
                    $0.wait(for: key, token: token, continuation: continuation, isCancelled: Task.isCancelled, at: time)
                }
                start(launches)
                if let answer { continuation.resume(with: answer) }
            }
        } onCancel: {
            state.withLock { $0.cancelWait(token) }?.resume(throwing: CancellationError())
        }
    }

    /// Runs each load in its own task, so that no caller's cancellation cancels a load others
    /// wait on; the task inherits the caller's priority and task-locals, and prefetches run at
    /// low priority.
    @usableFromInline
    func start(_ launches: [LoadLaunch<Key>]) {
        for launch in launches {
            Task(priority: launch.isPrefetch ? .low : nil) { await self.load(launch) }
        }
    }

    /// Calls the loader outside the lock, weighs the value, and hands the outcome to the waiters.
    private func load(_ launch: LoadLaunch<Key>) async {
        let outcome: Result<Value, any Error>
        do {
            outcome = .success(try await loader(launch.key))
        } catch {
            outcome = .failure(error)
        }
        let weight = (try? outcome.get()).map(weight(of:)) ?? 1
        let time = currentTime()
        let waiters = state.withLock { $0.finishLoad(launch.id, outcome: outcome, weight: weight, at: time) }
        for waiter in waiters { waiter.resume(with: outcome) }
    }
}
