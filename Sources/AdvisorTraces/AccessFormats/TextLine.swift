import AdvisorInput
import Glibc

/// One line of a text trace, as a view into the buffer, with what the line-based readers need to parse
/// it and to report errors at a byte position.
struct TextLine {
    /// The buffer's first byte.
    let base: UnsafePointer<UInt8>
    /// The offset of the line's first byte.
    let start: Int
    /// The offset just past the line's content (before `\n` and one `\r`).
    let end: Int
    /// The 1-based line number.
    let number: Int

    /// Calls `body` with every line that holds more than blanks, in file order.
    ///
    /// A final line without `\n` is read, and `\r\n` endings are accepted.
    /// - Parameters:
    ///   - buffer: The file's bytes.
    ///   - body: Parses one line; the line is valid only during the call.
    /// - Throws: What `body` throws.
    static func forEach(_ buffer: InputBuffer, _ body: (TextLine) throws(InputError) -> Void) throws(InputError) {
        try buffer.withBytes { (bytes) throws(InputError) in
            let base = bytes.bindMemory(to: UInt8.self).baseAddress!
            var start = 0
            var number = 1
            while start < bytes.count {
                let newline = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start)
                let lineEnd = newline.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? bytes.count
                var end = lineEnd
                if end > start, base[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = TextLine(base: base, start: start, end: end, number: number)
                if line.skipBlanks(from: start) < end { try body(line) }
                start = lineEnd + 1
                number += 1
            }
        }
    }

    /// The first offset at or after `offset` that is not a space or tab (`end` when there is none).
    @inline(__always)
    func skipBlanks(from offset: Int) -> Int {
        var index = offset
        while index < end, base[index] == UInt8(ascii: " ") || base[index] == UInt8(ascii: "\t") { index += 1 }
        return index
    }

    /// The first offset at or after `offset` holding `byte` (`end` when there is none).
    @inline(__always)
    func find(_ byte: UInt8, from offset: Int) -> Int {
        var index = offset
        while index < end, base[index] != byte { index += 1 }
        return index
    }

    /// The last offset before `offset` holding `byte`, not before `lowerBound` (nil when there is none).
    func findBackwards(_ byte: UInt8, before offset: Int, notBefore lowerBound: Int) -> Int? {
        var index = offset - 1
        while index >= lowerBound {
            if base[index] == byte { return index }
            index -= 1
        }
        return nil
    }

    /// The bytes `[from, to)` of the line.
    func bytes(_ from: Int, _ to: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + from, count: to - from)
    }

    /// The text `[from, to)`, shortened to 40 characters, for error messages.
    func quote(_ from: Int, _ to: Int) -> String {
        let text = String(decoding: bytes(from, min(to, from + 120)), as: UTF8.self)
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    /// An error at byte `offset` of this line; its column is the 1-based byte position in the line.
    func error(_ code: InputError.Code, at offset: Int, file: String, _ message: String) -> InputError {
        InputError(code: code, file: file, line: number, column: offset - start + 1, message: message)
    }

    /// The unsigned decimal integer filling `[from, to)`, or an error naming what was found there.
    ///
    /// - Parameters:
    ///   - what: The field's name for the message ("page count", "hash id").
    /// - Throws: `InputError` `.emptyField` when the range is empty, `.notANumber` when it holds anything but
    ///   digits or the value exceeds `UInt64.max`.
    func unsigned(_ from: Int, _ to: Int, _ what: String, file: String) throws(InputError) -> UInt64 {
        if let value = TextKey.unsigned(bytes(from, to)) { return value }
        if from == to { throw error(.emptyField, at: from, file: file, "missing \(what); expected a non-negative integer") }
        throw error(.notANumber, at: from, file: file, "'\(quote(from, to))' is not a valid \(what) (a non-negative 64-bit integer)")
    }
}
