import AdvisorSupport
package import NIOCore
import NIOPosix

/// One connection to a Redis server, speaking RESP3 when the server does (`HELLO 3`), else RESP2.
///
/// Commands may be sent from any task at once; they are pipelined on the one socket and each
/// reply goes to its command in order. A command that outlives its timeout closes the connection:
/// the replies queued behind it are at least as late, and a fresh connection is cheaper than
/// waiting on a server that stopped answering.
package final class RedisConnection: Sendable {
    let channel: any Channel
    /// The per-command timeout.
    package let timeout: Duration
    /// 3 after a successful `HELLO 3`, else 2.
    package let protocolVersion: Int

    private init(channel: any Channel, timeout: Duration, protocolVersion: Int) {
        self.channel = channel
        self.timeout = timeout
        self.protocolVersion = protocolVersion
    }

    /// Opens a connection and negotiates RESP3.
    /// - Parameters:
    ///   - endpoint: the server and the timeouts.
    ///   - group: the event loops the socket runs on.
    ///   - onPush: called on the event loop with each push message (invalidations, published messages).
    /// - Throws: `RedisError` or the socket's error when the server cannot be reached in time.
    package static func connect(
        to endpoint: RedisEndpoint, group: any EventLoopGroup, onPush: @escaping @Sendable ([RESPValue]) -> Void = { _ in }
    ) async throws -> RedisConnection {
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.nanoseconds(endpoint.connectTimeout.nanoseconds))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPDecoder()))
                    try channel.pipeline.syncOperations.addHandler(RedisCommandHandler(onPush: onPush))
                }
            }
            .connect(host: endpoint.host, port: endpoint.port).get()
        let probe = RedisConnection(channel: channel, timeout: endpoint.connectTimeout, protocolVersion: 2)
        do {
            let hello = try await probe.sendRaw(.hello3)
            let version = if case .error = hello { 2 } else { 3 }
            return RedisConnection(channel: channel, timeout: endpoint.commandTimeout, protocolVersion: version)
        } catch {
            probe.close()
            throw error
        }
    }

    /// Whether the socket is still open.
    package var isActive: Bool { channel.isActive }

    /// Completes when the connection has closed, for whatever reason.
    package var closeFuture: EventLoopFuture<Void> { channel.closeFuture }

    /// Closes the connection; commands waiting fail with `.connectionClosed`.
    package func close() {
        channel.close(promise: nil)
    }

    /// Sends `command` and returns its reply; an error reply is thrown.
    /// - Throws: `RedisError` (`.server` for an error reply, `.timeout`, `.connectionClosed`).
    package func send(_ command: RESPCommand) async throws -> RESPValue {
        let reply = try await sendRaw(command)
        if case .error(let message) = reply { throw RedisError(.server, "\(command.name): \(message)") }
        return reply
    }

    /// Sends `commands` in one write and returns their replies in order, error replies included.
    /// - Throws: `RedisError` when the connection fails or times out.
    package func pipeline(_ commands: [RESPCommand]) async throws -> [RESPValue] {
        let promises = commands.map { command in
            let promise = channel.eventLoop.makePromise(of: RESPValue.self)
            channel.write((command, promise), promise: nil)
            return promise
        }
        channel.flush()
        var replies: [RESPValue] = []
        replies.reserveCapacity(commands.count)
        for promise in promises { replies.append(try await awaitReply(promise)) }
        return replies
    }

    /// Sends `command` and returns its reply as it came, an error reply included.
    func sendRaw(_ command: RESPCommand) async throws -> RESPValue {
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        channel.writeAndFlush((command, promise), promise: nil)
        return try await awaitReply(promise)
    }

    /// Waits for `promise`, failing it and closing the connection once the timeout has passed.
    private func awaitReply(_ promise: EventLoopPromise<RESPValue>) async throws -> RESPValue {
        let channel = channel
        let timeout = timeout
        let deadline = channel.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
            promise.fail(RedisError(.timeout, "no reply within \(timeout)"))
            channel.close(promise: nil)
        }
        promise.futureResult.whenComplete { _ in deadline.cancel() }
        return try await promise.futureResult.get()
    }
}
