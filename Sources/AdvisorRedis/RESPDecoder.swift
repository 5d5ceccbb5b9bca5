package import NIOCore

/// Splits the server's byte stream into RESP3 values (RESP2 is a subset).
///
/// A value is parsed from the front of the buffer on a copy; when it is incomplete nothing is
/// consumed and the decoder waits for more bytes, so a reply split across reads costs a re-parse
/// of its beginning, never a partial value. Attributes (`|`) are skipped: no command here asks for
/// them.
package struct RESPDecoder: ByteToMessageDecoder {
    package typealias InboundOut = RESPValue

    /// Deepest nesting accepted, so a hostile peer cannot exhaust the stack.
    static let maximumDepth = 32

    package init() {}

    package mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        var copy = buffer
        guard let value = try Self.parse(&copy, depth: 0) else { return .needMoreData }
        buffer.moveReaderIndex(to: copy.readerIndex)
        context.fireChannelRead(wrapInboundOut(value))
        return .continue
    }

    package mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }

    /// Parses one value from the front of `buffer`, or returns `nil` (with `buffer` in an unspecified
    /// position) when the value is not complete yet.
    /// - Throws: `RedisError` with `.protocolViolation` for bytes that are not RESP.
    package static func parse(_ buffer: inout ByteBuffer, depth: Int) throws(RedisError) -> RESPValue? {
        guard depth < maximumDepth else { throw RedisError(.protocolViolation, "reply nested deeper than \(maximumDepth)") }
        guard let marker = buffer.readInteger(as: UInt8.self), let line = readLine(&buffer) else { return nil }
        switch marker {
        case UInt8(ascii: "+"): return .simpleString(line)
        case UInt8(ascii: "-"): return .error(line)
        case UInt8(ascii: ":"): return .integer(try integer(line))
        case UInt8(ascii: "_"): return .null
        case UInt8(ascii: "#"): return .boolean(line == "t")
        case UInt8(ascii: ","):
            guard let value = Double(line) ?? special(line) else { throw RedisError(.protocolViolation, "bad double '\(line)'") }
            return .double(value)
        case UInt8(ascii: "("): return .text(line)
        case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="):
            let length = try integer(line)
            if length < 0 { return .null }
            guard buffer.readableBytes >= Int(length) + 2, let bytes = buffer.readSlice(length: Int(length)) else { return nil }
            buffer.moveReaderIndex(forwardBy: 2)
            switch marker {
            case UInt8(ascii: "!"): return .error(String(buffer: bytes))
            case UInt8(ascii: "="): return .text(String(String(buffer: bytes).dropFirst(4)))  // drops the "txt:" format prefix
            default: return .bulkString(bytes)
            }
        case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "|"):
            let count = try integer(line)
            if count < 0 { return .null }
            let elements = marker == UInt8(ascii: "%") || marker == UInt8(ascii: "|") ? Int(count) * 2 : Int(count)
            var values: [RESPValue] = []
            values.reserveCapacity(min(elements, 1024))
            for _ in 0..<elements {
                guard let value = try parse(&buffer, depth: depth + 1) else { return nil }
                values.append(value)
            }
            switch marker {
            case UInt8(ascii: "~"): return .set(values)
            case UInt8(ascii: ">"): return .push(values)
            case UInt8(ascii: "%"): return .map(values)
            case UInt8(ascii: "|"): return try parse(&buffer, depth: depth)  // an attribute precedes the real reply
            default: return .array(values)
            }
        default:
            throw RedisError(.protocolViolation, "unknown RESP type byte \(marker)")
        }
    }

    /// The text up to the next CRLF, consuming it; `nil` when the line is not complete.
    static func readLine(_ buffer: inout ByteBuffer) -> String? {
        let view = buffer.readableBytesView
        guard let cr = view.firstIndex(of: UInt8(ascii: "\r")), cr + 1 < view.endIndex else { return nil }
        let length = cr - view.startIndex
        let line = buffer.readString(length: length)
        buffer.moveReaderIndex(forwardBy: 2)
        return line
    }

    static func integer(_ line: String) throws(RedisError) -> Int64 {
        guard let value = Int64(line) else { throw RedisError(.protocolViolation, "bad integer '\(line)'") }
        return value
    }

    static func special(_ line: String) -> Double? {
        switch line {
        case "inf": .infinity
        case "-inf": -.infinity
        case "nan": .nan
        default: nil
        }
    }
}
