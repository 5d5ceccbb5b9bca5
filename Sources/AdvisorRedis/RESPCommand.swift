package import NIOCore

/// A command as the array of bulk strings RESP sends, encoded once when it is built.
package struct RESPCommand: Sendable {
    /// The encoded bytes: `*N\r\n` then `$len\r\narg\r\n` per argument.
    package let encoded: ByteBuffer
    /// The command's name, for error messages.
    package let name: String
    /// Whether the server answers with a push (RESP3 `SUBSCRIBE`) rather than a reply.
    package let answersWithPush: Bool

    /// Encodes `arguments`, the first being the command's name.
    package init(_ arguments: [[UInt8]], answersWithPush: Bool = false) {
        var buffer = ByteBufferAllocator().buffer(capacity: arguments.reduce(16) { $0 + $1.count + 16 })
        buffer.writeStaticString("*")
        buffer.writeString(String(arguments.count))
        buffer.writeStaticString("\r\n")
        for argument in arguments {
            buffer.writeStaticString("$")
            buffer.writeString(String(argument.count))
            buffer.writeStaticString("\r\n")
            buffer.writeBytes(argument)
            buffer.writeStaticString("\r\n")
        }
        encoded = buffer
        name = arguments.first.map { String(decoding: $0, as: UTF8.self) } ?? ""
        self.answersWithPush = answersWithPush
    }

    /// A command of text arguments.
    package init(_ arguments: String...) {
        self.init(arguments.map { Array($0.utf8) })
    }
}

extension RESPCommand {
    package static func get(_ key: String) -> Self { Self("GET", key) }

    /// `SET key value [PX milliseconds] [NX]`.
    package static func set(_ key: String, _ value: [UInt8], expiresAfter ttl: Duration?, onlyIfAbsent: Bool = false) -> Self {
        var arguments: [[UInt8]] = [Array("SET".utf8), Array(key.utf8), value]
        if onlyIfAbsent { arguments.append(Array("NX".utf8)) }
        if let ttl {
            let milliseconds = max(1, ttl.components.seconds * 1000 + ttl.components.attoseconds / 1_000_000_000_000_000)
            arguments += [Array("PX".utf8), Array(String(milliseconds).utf8)]
        }
        return Self(arguments)
    }

    package static func mget(_ keys: [String]) -> Self { Self([Array("MGET".utf8)] + keys.map { Array($0.utf8) }) }

    package static func unlink(_ keys: [String]) -> Self { Self([Array("UNLINK".utf8)] + keys.map { Array($0.utf8) }) }

    /// `SCAN cursor MATCH pattern COUNT count`.
    package static func scan(cursor: String, match pattern: String, count: Int) -> Self {
        Self("SCAN", cursor, "MATCH", pattern, "COUNT", String(count))
    }

    package static func publish(_ channel: String, _ message: String) -> Self { Self("PUBLISH", channel, message) }

    package static func subscribe(_ channel: String) -> Self {
        Self([Array("SUBSCRIBE".utf8), Array(channel.utf8)], answersWithPush: true)
    }

    /// `CLIENT TRACKING ON BCAST PREFIX prefix NOLOOP`: invalidation pushes for every key under
    /// `prefix` that another connection changes.
    package static func trackBroadcast(prefix: String) -> Self { Self("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", prefix, "NOLOOP") }

    package static let ping = Self("PING")

    package static let hello3 = Self("HELLO", "3")
}

/// The pattern that matches every key starting with `prefix`, its glob characters escaped.
package func globPattern(prefix: String) -> String {
    var pattern = ""
    for character in prefix {
        if "*?[]\\".contains(character) { pattern.append("\\") }
        pattern.append(character)
    }
    return pattern + "*"
}
