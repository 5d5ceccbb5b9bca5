import NIOCore

/// Matches replies to the commands sent on one connection, in order, and hands push messages to
/// a callback: RESP answers every command in the order it was sent, so a queue of promises is the
/// whole of pipelining.
///
/// Runs on the channel's event loop only. When the connection closes or fails, every command still
/// waiting fails with `.connectionClosed`.
final class RedisCommandHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = (RESPCommand, EventLoopPromise<RESPValue>)
    typealias OutboundOut = ByteBuffer

    private struct Waiting {
        let promise: EventLoopPromise<RESPValue>
        let answersWithPush: Bool
    }

    private var waiting = CircularBuffer<Waiting>(initialCapacity: 16)
    private let onPush: @Sendable ([RESPValue]) -> Void

    init(onPush: @escaping @Sendable ([RESPValue]) -> Void) {
        self.onPush = onPush
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let (command, reply) = unwrapOutboundIn(data)
        waiting.append(Waiting(promise: reply, answersWithPush: command.answersWithPush))
        context.write(wrapOutboundOut(command.encoded), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = unwrapInboundIn(data)
        if case .push(let message) = value {
            // RESP3 confirms a subscription with a push; everything else pushed is out of band.
            if let first = waiting.first, first.answersWithPush, Self.isSubscriptionConfirmation(message) {
                waiting.removeFirst().promise.succeed(value)
            } else {
                onPush(message)
            }
            return
        }
        guard let next = waiting.popFirst() else {
            context.fireErrorCaught(RedisError(.protocolViolation, "a reply arrived with no command waiting"))
            return
        }
        next.promise.succeed(value)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RedisError(.connectionClosed, "the connection closed before the reply"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: any Error) {
        while let next = waiting.popFirst() { next.promise.fail(error) }
    }

    private static func isSubscriptionConfirmation(_ message: [RESPValue]) -> Bool {
        guard let kind = message.first?.string?.lowercased() else { return false }
        return kind == "subscribe" || kind == "psubscribe"
    }
}
