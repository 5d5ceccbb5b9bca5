package import AdvisorSupport
package import NIOCore
import Synchronization

/// What the invalidation connection reports to the cache above it.
package enum InvalidationEvent: Sendable, Equatable {
    /// The connection is (again) open and tracking: messages sent while it was down are lost.
    case connected
    /// The connection closed or stopped answering: from now on messages may be missed.
    case lost
    /// These keys changed on the server (tracking) or were invalidated by a client (published).
    case keys([String])
    /// Every key under this prefix was invalidated by a client.
    case prefix(String)
    /// The server dropped every key (`FLUSHALL`, `FLUSHDB`).
    case everything
}

/// The one connection per process that receives invalidations: server-assisted client-side caching
/// in broadcast mode (`CLIENT TRACKING ON BCAST PREFIX … NOLOOP`, RESP3 pushes) for every write to a
/// key under the cache's namespace, plus a channel on which clients publish invalidations of keys
/// the server may not hold (a prefix, or a key whose L2 write failed).
///
/// The process's own writes go over this same connection (`send`): with `NOLOOP` the server then
/// tells every other process and not this one, so a fill of L2 does not knock the value it just
/// loaded out of this process's L1. RESP3 lets a subscribed connection run ordinary commands.
///
/// The connection is pinged every `healthInterval`, so a server that stops answering (paused, or
/// cut off) is reported `.lost` within about that long; a closed socket is reported at once.
package final class InvalidationListener: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let current = Mutex<RedisConnection?>(nil)
    private let endpoint: RedisEndpoint
    private let namespace: String
    private let healthInterval: Duration
    private let group: any EventLoopGroup
    private let clock: ElapsedClock

    /// Prepares a listener; `start` connects it.
    /// - Parameters:
    ///   - endpoint: the server and its timeouts.
    ///   - namespace: the key prefix tracked; also names the invalidation channel.
    ///   - healthInterval: how often the connection is pinged.
    ///   - group: the event loops the socket runs on.
    ///   - clock: the clock the pings and the reconnect backoff sleep on.
    package init(endpoint: RedisEndpoint, namespace: String, healthInterval: Duration, group: any EventLoopGroup, clock: ElapsedClock) {
        self.endpoint = endpoint
        self.namespace = namespace
        self.healthInterval = healthInterval
        self.group = group
        self.clock = clock
    }

    /// Sends `command` over the invalidation connection (the process's writes, see above).
    /// - Throws: `RedisError` (`.unavailable` at once while the connection is down).
    package func send(_ command: RESPCommand) async throws -> RESPValue {
        guard let connection = current.withLock({ $0 }), connection.isActive else {
            throw RedisError(.unavailable, "the invalidation connection to \(endpoint.host):\(endpoint.port) is down")
        }
        return try await connection.send(command)
    }

    /// Connects and keeps reconnecting until `shutdown`; `onEvent` is called from the event loop or
    /// the listener's task, in order per connection.
    package func start(onEvent: @escaping @Sendable (InvalidationEvent) -> Void) {
        let (endpoint, namespace, healthInterval, group, clock) = (endpoint, namespace, healthInterval, group, clock)
        let channel = Self.channel(namespace: namespace)
        let started = Task(executorPreference: EventLoopTaskExecutor(group.next())) { [weak self] in
            await ReconnectLoop(endpoint: endpoint, clock: clock).run(
                connect: {
                    let connection = try await RedisConnection.connect(to: endpoint, group: group) { message in
                        if let event = Self.event(from: message, channel: channel) { onEvent(event) }
                    }
                    do {
                        guard connection.protocolVersion == 3 else {
                            throw RedisError(.protocolViolation, "client tracking needs RESP3; the server refused HELLO 3")
                        }
                        _ = try await connection.send(.trackBroadcast(prefix: namespace))
                        _ = try await connection.send(.subscribe(channel))
                    } catch {
                        connection.close()
                        throw error
                    }
                    return connection
                },
                serve: { connection in
                    self?.current.withLock { $0 = connection }
                    connection.closeFuture.whenComplete { _ in onEvent(.lost) }
                    onEvent(.connected)
                    while connection.isActive, (try? await clock.sleep(for: healthInterval)) != nil {
                        if (try? await connection.send(.ping)) == nil { connection.close() }
                    }
                    connection.close()
                    try? await connection.closeFuture.get()
                    self?.current.withLock { if $0 === connection { $0 = nil } }
                })
        }
        task.withLock { $0 = started }
    }

    /// Stops listening and closes the connection.
    package func shutdown() {
        task.withLock { $0?.cancel() }
        current.withLock { $0?.close() }
    }

    deinit { shutdown() }

    /// The channel invalidations for `namespace` are published on.
    package static func channel(namespace: String) -> String { "__advisor_invalidate:" + namespace }

    /// The published form of an invalidation of `key`.
    package static func message(key: String) -> String { "k:" + key }

    /// The published form of an invalidation of every key under `prefix`.
    package static func message(prefix: String) -> String { "p:" + prefix }

    /// The event a push message carries, if it is one of ours.
    static func event(from message: [RESPValue], channel: String) -> InvalidationEvent? {
        guard let kind = message.first?.string else { return nil }
        switch kind {
        case "invalidate" where message.count >= 2:
            guard let keys = message[1].elements else { return .everything }
            return .keys(keys.compactMap(\.string))
        case "message" where message.count >= 3 && message[1].string == channel:
            guard let payload = message[2].string else { return nil }
            if payload.hasPrefix("k:") { return .keys([String(payload.dropFirst(2))]) }
            if payload.hasPrefix("p:") { return .prefix(String(payload.dropFirst(2))) }
            return nil
        default:
            return nil
        }
    }
}
