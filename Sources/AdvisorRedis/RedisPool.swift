package import AdvisorSupport
package import NIOCore
import Synchronization

/// A fixed number of connections to one server, each kept open by its own reconnect loop
/// (on an event loop, not the cooperative pool: see `EventLoopTaskExecutor`).
///
/// Commands go round-robin over the connections that are open. When none is (the server is down,
/// or every connection is reconnecting), a command fails at once with `.unavailable` rather than
/// waiting: the caller has a lower level to go to.
package final class RedisPool: Sendable {
    private let endpoint: RedisEndpoint
    private let slots: Mutex<[RedisConnection?]>
    private let next = Atomic<Int>(0)
    private let loops: Mutex<[Task<Void, Never>]>

    /// Starts `size` connections' reconnect loops.
    /// - Parameters:
    ///   - endpoint: the server and its timeouts.
    ///   - size: the number of connections (at least 1).
    ///   - group: the event loops the sockets run on.
    ///   - clock: the clock the reconnect backoff sleeps on.
    package init(endpoint: RedisEndpoint, size: Int, group: any EventLoopGroup, clock: ElapsedClock) {
        self.endpoint = endpoint
        slots = Mutex(Array(repeating: nil, count: max(1, size)))
        loops = Mutex([])
        let loop = ReconnectLoop(endpoint: endpoint, clock: clock)
        let tasks = (0..<max(1, size)).map { slot in
            Task(executorPreference: EventLoopTaskExecutor(group.next())) { [weak self] in
                await loop.run(
                    connect: { try await RedisConnection.connect(to: endpoint, group: group) },
                    serve: { connection in
                        self?.slots.withLock { $0[slot] = connection }
                        try? await connection.closeFuture.get()
                        self?.slots.withLock { if $0[slot] === connection { $0[slot] = nil } }
                    })
            }
        }
        loops.withLock { $0 = tasks }
    }

    /// Stops reconnecting and closes every connection.
    package func shutdown() {
        for task in loops.withLock({ $0 }) { task.cancel() }
        for connection in slots.withLock({ $0 }) { connection?.close() }
    }

    deinit { shutdown() }

    /// How many connections are open now.
    package var openConnections: Int {
        slots.withLock { $0.reduce(0) { $0 + ($1?.isActive == true ? 1 : 0) } }
    }

    /// An open connection, round-robin.
    /// - Throws: `RedisError` `.unavailable` when no connection is open.
    package func connection() throws(RedisError) -> RedisConnection {
        let start = next.wrappingAdd(1, ordering: .relaxed).oldValue
        let found: RedisConnection? = slots.withLock { slots in
            for offset in 0..<slots.count {
                if let connection = slots[(start &+ offset) % slots.count], connection.isActive { return connection }
            }
            return nil
        }
        guard let found else { throw RedisError(.unavailable, "no open connection to \(endpoint.host):\(endpoint.port)") }
        return found
    }

    /// Sends `command` on an open connection.
    /// - Throws: `RedisError` (`.unavailable` at once when no connection is open).
    package func send(_ command: RESPCommand) async throws -> RESPValue {
        try await connection().send(command)
    }
}
