import Glibc

/// The byte-level rules of the CSV dialect, shared by the header, the row reader and the numeric scan so
/// that all three agree on what a line and a field are.
///
/// Rows end at `\n` (a `\n` inside quotes also ends the row: quoted fields cannot span lines, which is
/// what lets the numeric scan split a file into chunks at any `\n`). One `\r` before the `\n` is dropped.
/// A field is quoted when its first non-blank byte is `"`; its content is then the text between the quotes,
/// with `""` standing for one `"`, and anything between the closing quote and the delimiter is ignored.
enum CSVSyntax {
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let quote = UInt8(ascii: "\"")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")

    /// Returns the offset of the `\n` ending the line that starts at `start`, or `end` when there is none.
    ///
    /// - Complexity: O(line length), vectorised by `memchr`.
    @inline(__always)
    static func lineEnd(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard start < end, let hit = memchr(base + start, Int32(newline), end - start) else { return end }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    /// Returns `end` without one trailing `\r`.
    @inline(__always)
    static func contentEnd(_ base: UnsafePointer<UInt8>, lineStart: Int, lineEnd: Int) -> Int {
        lineEnd > lineStart && base[lineEnd - 1] == carriageReturn ? lineEnd - 1 : lineEnd
    }

    /// Splits the line content `[start, end)` into fields, appending one span per field to `spans`.
    ///
    /// - Parameters:
    ///   - base: The buffer's first byte.
    ///   - start: The first byte of the line.
    ///   - end: The end of the line's content (after dropping `\r`).
    ///   - delimiter: The field separator.
    ///   - spans: Receives the fields in order; an empty line yields one empty field.
    static func splitFields(
        _ base: UnsafePointer<UInt8>,
        from start: Int,
        to end: Int,
        delimiter: UInt8,
        into spans: inout [FieldSpan]
    ) {
        var position = start
        while true {
            var blank = position
            while blank < end, base[blank] == space || base[blank] == tab { blank += 1 }
            if blank < end, base[blank] == quote {
                var escaped = false
                var cursor = blank + 1
                while cursor < end {
                    if base[cursor] == quote {
                        guard cursor + 1 < end, base[cursor + 1] == quote else { break }
                        escaped = true
                        cursor += 2
                    } else {
                        cursor += 1
                    }
                }
                spans.append(FieldSpan(start: blank + 1, end: cursor, hasEscapedQuotes: escaped))
                position = cursor
                while position < end, base[position] != delimiter { position += 1 }
            } else {
                let fieldStart = position
                while position < end, base[position] != delimiter { position += 1 }
                spans.append(FieldSpan(start: fieldStart, end: position, hasEscapedQuotes: false))
            }
            guard position < end else { return }
            position += 1
        }
    }

    /// Copies a quoted field's content with each `""` turned into `"`.
    static func unescape(_ field: UnsafeRawBufferPointer) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(field.count)
        var skipNextQuote = false
        for byte in field {
            if byte == quote && skipNextQuote {
                skipNextQuote = false
                continue
            }
            skipNextQuote = byte == quote
            result.append(byte)
        }
        return result
    }
}

/// Where one field's content lies in the buffer.
struct FieldSpan {
    /// The offset of the first content byte (after an opening quote).
    var start: Int
    /// The offset just past the last content byte (before a closing quote).
    var end: Int
    /// Whether the content holds `""` pairs that must be unescaped before use.
    var hasEscapedQuotes: Bool
}
