import AdvisorInput

/// A cursor over one JSON object written on one line (JSON Lines), reading only what a reader asks for.
///
/// Enough JSON for trace files: member names are compared as raw bytes (escapes are not decoded),
/// numbers go through `DecimalParser`, and values nobody asked for are skipped with strings, arrays and
/// nested objects balanced. Errors name the line and the byte column.
struct JSONLineCursor {
    let line: TextLine
    let file: String
    /// The next byte to read.
    private(set) var offset: Int

    init(_ line: TextLine, file: String) {
        self.line = line
        self.file = file
        offset = line.start
    }

    /// Calls `body` with the raw name of each member of the line's object, the cursor at the member's value.
    ///
    /// `body` must read or skip the value (`number()`, `unsignedArray(into:)`, `skipValue()`).
    /// - Throws: `InputError` `.malformedRecord` where the line is not one JSON object, or what `body` throws.
    mutating func forEachMember(_ body: (UnsafeRawBufferPointer, inout JSONLineCursor) throws(InputError) -> Void) throws(InputError) {
        try expect(UInt8(ascii: "{"), "expected a JSON object")
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            offset += 1
        } else {
            while true {
                skipWhitespace()
                let name = try string()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "expected ':' after a member name")
                skipWhitespace()
                try body(line.bytes(name.start, name.end), &self)
                skipWhitespace()
                if peek == UInt8(ascii: ",") {
                    offset += 1
                    continue
                }
                try expect(UInt8(ascii: "}"), "expected ',' or '}' after a member")
                break
            }
        }
        skipWhitespace()
        guard offset == line.end else { throw malformed("unexpected text after the JSON object") }
    }

    /// Reads a number value.
    /// - Throws: `InputError` `.notANumber`/`.nonFinite`/`.emptyField` at the value.
    mutating func number(_ what: String) throws(InputError) -> Double {
        let start = offset
        let end = tokenEnd()
        offset = end
        switch DecimalParser.parse(line.bytes(start, end)) {
        case .success(let value): return value
        case .failure(.empty): throw line.error(.emptyField, at: start, file: file, "missing \(what); expected a number")
        case .failure(.nonFinite): throw line.error(.nonFinite, at: start, file: file, "\(what) '\(line.quote(start, end))' is not finite")
        case .failure(.notANumber):
            throw line.error(.notANumber, at: start, file: file, "\(what) '\(line.quote(start, end))' is not a number")
        }
    }

    /// Reads an array of non-negative integers, appending them to `values` in order.
    /// - Throws: `InputError` `.malformedRecord` when the value is not an array, `.notANumber` for an element
    ///   that is not a non-negative 64-bit integer.
    mutating func unsignedArray(_ what: String, into values: inout [UInt64]) throws(InputError) {
        try expect(UInt8(ascii: "["), "expected an array of \(what)s")
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            offset += 1
            return
        }
        while true {
            skipWhitespace()
            let start = offset
            let end = tokenEnd()
            values.append(try line.unsigned(start, end, what, file: file))
            offset = end
            skipWhitespace()
            if peek == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            try expect(UInt8(ascii: "]"), "expected ',' or ']' in the array of \(what)s")
            return
        }
    }

    /// Skips one value of any kind.
    /// - Throws: `InputError` `.malformedRecord` for a missing value or an unclosed string, array or object.
    mutating func skipValue() throws(InputError) {
        switch peek {
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            let start = offset
            var depth = 0
            while offset < line.end {
                switch line.base[offset] {
                case UInt8(ascii: "\""):
                    _ = try string()
                    continue
                case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
                default: break
                }
                offset += 1
                if depth == 0 { return }
            }
            throw line.error(.malformedRecord, at: start, file: file, "unclosed array or object")
        default:
            guard tokenEnd() > offset else { throw malformed("expected a value") }
            offset = tokenEnd()
        }
    }

    /// The byte at the cursor, or 0 at the end of the line.
    private var peek: UInt8 { offset < line.end ? line.base[offset] : 0 }

    private mutating func skipWhitespace() {
        while offset < line.end {
            switch line.base[offset] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): offset += 1
            default: return
            }
        }
    }

    /// The end of a number or literal starting at the cursor: the next delimiter or whitespace.
    private func tokenEnd() -> Int {
        var index = offset
        while index < line.end {
            switch line.base[index] {
            case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: " "), UInt8(ascii: "\t"): return index
            default: index += 1
            }
        }
        return index
    }

    /// Reads a string, returning its raw content's range.
    private mutating func string() throws(InputError) -> (start: Int, end: Int) {
        let open = offset
        try expect(UInt8(ascii: "\""), "expected a string")
        while offset < line.end {
            switch line.base[offset] {
            case UInt8(ascii: "\\"): offset += 2
            case UInt8(ascii: "\""):
                offset += 1
                return (open + 1, offset - 1)
            default: offset += 1
            }
        }
        throw line.error(.malformedRecord, at: open, file: file, "unclosed string")
    }

    private mutating func expect(_ byte: UInt8, _ message: String) throws(InputError) {
        guard peek == byte else { throw malformed(message) }
        offset += 1
    }

    private func malformed(_ message: String) -> InputError {
        line.error(.malformedRecord, at: offset, file: file, message)
    }
}
