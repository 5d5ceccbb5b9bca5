import NIOCore
import Testing

@testable import AdvisorRedis

struct RESPDecoderTests {
    private func parse(_ text: String) throws -> RESPValue? {
        try parse(bytes: Array(text.utf8))
    }

    private func parse(bytes: [UInt8]) throws -> RESPValue? {
        var buffer = ByteBuffer(bytes: bytes)
        return try RESPDecoder.parse(&buffer, depth: 0)
    }

    @Test func parsesEveryRESP3Type() throws {
        #expect(try parse("+OK\r\n") == .simpleString("OK"))
        #expect(try parse("-ERR no\r\n") == .error("ERR no"))
        #expect(try parse(":-42\r\n") == .integer(-42))
        #expect(try parse("$5\r\nhello\r\n") == .bulkString(ByteBuffer(string: "hello")))
        #expect(try parse("$-1\r\n") == .null)
        #expect(try parse("_\r\n") == .null)
        #expect(try parse(",1.5\r\n") == .double(1.5))
        #expect(try parse("#t\r\n") == .boolean(true))
        #expect(try parse("=8\r\ntxt:abcd\r\n") == .text("abcd"))
        #expect(try parse("*2\r\n:1\r\n$1\r\nx\r\n") == .array([.integer(1), .bulkString(ByteBuffer(string: "x"))]))
        #expect(try parse("%1\r\n+a\r\n:1\r\n") == .map([.simpleString("a"), .integer(1)]))
        #expect(
            try parse(">2\r\n$10\r\ninvalidate\r\n*1\r\n$3\r\nk:1\r\n")
                == .push([.bulkString(ByteBuffer(string: "invalidate")), .array([.bulkString(ByteBuffer(string: "k:1"))])]))
    }

    @Test func waitsForTheRestOfASplitReply() throws {
        let whole = Array("*3\r\n$3\r\nabc\r\n:7\r\n+OK\r\n".utf8)
        for cut in 0..<whole.count {
            #expect(try parse(bytes: Array(whole.prefix(cut))) == nil)
        }
        #expect(try parse(bytes: whole) != nil)
    }

    @Test func rejectsBytesThatAreNotRESP() {
        #expect(throws: RedisError.self) { try parse("?what\r\n") }
        #expect(throws: RedisError.self) { try parse(":12x\r\n") }
    }
}
