// Public because the inlinable miss path reaches the cache's `Mutex` (through `withVisibleLock`).
public import AdvisorSupport
public import Synchronization

extension PredictiveCache {
    /// The miss path of `get` when no load is in flight: the caller runs the loader in its own
    /// task, with no task or continuation of its own, then answers whoever joined meanwhile.
    ///
    /// If the caller is cancelled while others wait, or its loader fails after it was cancelled,
    /// a new load task takes over for the others (the caller's outcome is then its own).
    @inlinable
    nonisolated(nonsending) func load(_ key: Key, _ ticket: LoadTicket, then prefetches: [LoadLaunch<Key>]) async throws -> Value {
        let outcome: Result<Value, any Error>
        do {
            outcome = .success(
                try await withTaskCancellationHandler {
                    try await loader(key)
                } onCancel: {
                    self.handOver(ticket)
                })
        } catch {
            outcome = .failure(error)
        }
        finish(ticket, outcome: outcome, ownerCancelled: Task.isCancelled)
        // Started after the demand load, so its value is admitted first, as in a replay.
        if !prefetches.isEmpty { start(prefetches) }
        return try outcome.get()
    }

    /// The miss path of `get` when the key is loading: waits for the load.
    ///
    /// The caller registers its continuation in the same critical section that counts the miss
    /// and checks the load, so a load can never finish between the check and the registration.
    /// Its cancellation handler finds it by `token`.
    @inlinable
    nonisolated(nonsending) func waitForLoad(of key: Key, token: UInt64, at time: CacheTime) async throws -> Value {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let (answer, launches) = state.withVisibleLock {
                    $0.join(key, token: token, waiter: continuation, isCancelled: Task.isCancelled, at: time)
                }
                start(launches)
                if let answer { continuation.resume(with: answer) }
            }
        } onCancel: {
            state.withVisibleLock { $0.cancelWait(token) }?.resume(throwing: CancellationError())
        }
    }

    /// Hands a cancelled caller's load to a new task when others wait on it.
    @inlinable
    func handOver(_ ticket: LoadTicket) {
        if let launch = state.withVisibleLock({ $0.handOver(ticket) }) { start([launch]) }
    }

    /// Reports a load's outcome to the engine and answers the waiters outside the lock.
    @inlinable
    func finish(_ ticket: LoadTicket, outcome: Result<Value, any Error>, ownerCancelled: Bool) {
        let weight = (try? outcome.get()).map(weight(of:)) ?? 1
        let time = currentTime()
        switch state.withVisibleLock({ $0.finishLoad(ticket, outcome: outcome, weight: weight, ownerCancelled: ownerCancelled, at: time) })
        {
        case .answered(let waiters):
            for waiter in waiters { waiter.resume(with: outcome) }
        case .handedOver(let launch):
            start([launch])
        case .superseded:
            break
        }
    }

    /// Runs each load in its own task, so that no caller's cancellation cancels a load others
    /// wait on; the task inherits the caller's priority and task-locals, and prefetches run at
    /// low priority.
    @inlinable
    func start(_ launches: [LoadLaunch<Key>]) {
        for launch in launches {
            Task(priority: launch.ticket.isPrefetch ? .low : nil) {
                let outcome: Result<Value, any Error>
                do {
                    outcome = .success(try await loader(launch.key))
                } catch {
                    outcome = .failure(error)
                }
                finish(launch.ticket, outcome: outcome, ownerCancelled: false)
            }
        }
    }
}
