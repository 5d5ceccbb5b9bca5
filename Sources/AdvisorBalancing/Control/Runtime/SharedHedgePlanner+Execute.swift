extension SharedHedgePlanner {
    private enum Event<Backend: Hashable & Sendable, T: Sendable>: Sendable {
        case answer(BackendSet<Backend>.Ticket, Result<T, any Error>)
        case delayElapsed
        case delayCancelled
    }

    /// Sends `operation` to the primary ticket's backend; if it has not answered by its planned delay and the budget
    /// allows, also to the backend `balancer.pick(avoiding:)` gives; returns the first success and cancels the other.
    ///
    /// Both tickets are completed here (the loser as `cancelled`, with the time it had run): do not complete them
    /// yourself. An error from the only request in flight is thrown at once (failures are for a retry budget, not
    /// for hedging); with two in flight, an error waits for the other answer.
    /// - Parameters:
    ///   - primary: a ticket from `balancer.pick()`.
    ///   - balancer: the balancer that chooses the backup and whose set the tickets belong to.
    ///   - operation: sends the request to one backend.
    /// - Throws: the error of the last request to fail (`CancellationError` when the caller was cancelled).
    public func execute<Backend, T: Sendable>(
        _ primary: BackendSet<Backend>.Ticket, on balancer: Balancer<Backend>, _ operation: @escaping @Sendable (Backend) async throws -> T
    ) async throws -> T {
        let delay = delay(for: primary)
        let clock = clock
        let answer = await withTaskGroup(of: Event<Backend, T>.self) { group -> Result<T, any Error> in
            group.addTask { .answer(primary, await Result { try await operation(primary.backend) }) }
            group.addTask {
                do {
                    try await clock.sleep(for: delay)
                    return .delayElapsed
                } catch {
                    return .delayCancelled
                }
            }
            var running = 1
            var delayDecided = false
            var answer: Result<T, any Error>?
            while let event = await group.next() {
                switch event {
                case .delayCancelled:
                    continue
                case .delayElapsed:
                    guard answer == nil, !delayDecided else { continue }
                    delayDecided = true
                    guard delayElapsed() == .sendBackup, let backup = balancer.pick(avoiding: primary) else { continue }
                    running += 1
                    group.addTask { .answer(backup, await Result { try await operation(backup.backend) }) }
                case .answer(let ticket, let result):
                    if !delayDecided {
                        delayDecided = true
                        answeredBeforeDelay()
                    }
                    running -= 1
                    balancer.set.complete(ticket, outcome: Self.outcome(of: result))
                    guard answer == nil else { continue }  // a cancelled loser, drained after the winner
                    if case .success = result {
                        answer = result
                    } else if running == 0 {
                        answer = result
                    }
                    if answer != nil { group.cancelAll() }
                }
            }
            return answer ?? .failure(CancellationError())
        }
        return try answer.get()
    }

    private static func outcome<T>(of result: Result<T, any Error>) -> RequestOutcome {
        switch result {
        case .success: .succeeded
        case .failure(let error): error is CancellationError ? .cancelled : .failed
        }
    }
}

extension Result where Failure == any Error {
    /// Captures the outcome of an async throwing body.
    fileprivate init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
