package import NIOCore

/// One RESP3 value as the server sent it (RESP2 replies are the subset without the RESP3 types).
///
/// Maps keep their order as a flat list of key, value, key, value, so the type stays `Equatable`
/// and a reply the client does not interpret costs no dictionary.
package enum RESPValue: Sendable, Equatable {
    case simpleString(String)
    /// `-` and `!`: an error reply, with the server's message.
    case error(String)
    case integer(Int64)
    case bulkString(ByteBuffer)
    /// `_`, and RESP2's `$-1` and `*-1`.
    case null
    case double(Double)
    case boolean(Bool)
    /// `=` verbatim strings and `(` big numbers, as their text.
    case text(String)
    case array([RESPValue])
    /// `%`: alternating keys and values.
    case map([RESPValue])
    case set([RESPValue])
    /// `>`: an out-of-band message (an invalidation, a published message, a subscription confirmation).
    case push([RESPValue])

    /// The bytes of a bulk or simple string; `nil` for every other type.
    package var bytes: [UInt8]? {
        switch self {
        case .bulkString(let buffer): Array(buffer.readableBytesView)
        case .simpleString(let string), .text(let string): Array(string.utf8)
        default: nil
        }
    }

    /// The text of a bulk or simple string; `nil` for every other type.
    package var string: String? {
        switch self {
        case .bulkString(let buffer): String(buffer: buffer)
        case .simpleString(let string), .text(let string): string
        default: nil
        }
    }

    /// The elements of an array, set or push; `nil` for every other type.
    package var elements: [RESPValue]? {
        switch self {
        case .array(let values), .set(let values), .push(let values): values
        default: nil
        }
    }
}
