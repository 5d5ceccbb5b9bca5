/// Why a Redis command did not give a usable answer.
package struct RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, for callers that react differently to each.
    package enum Code: Sendable, Equatable {
        /// No connection to the server is open (it is down, or the pool is still reconnecting).
        case unavailable
        /// The server did not answer within the command's timeout; the connection was closed.
        case timeout
        /// The connection closed before the answer arrived.
        case connectionClosed
        /// The server answered with an error reply.
        case server
        /// The server's bytes are not RESP, or not the reply the command expects.
        case protocolViolation
    }

    package let code: Code
    /// What happened, with the server's message for `.server`.
    package let message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "redis: \(message)" }
}
