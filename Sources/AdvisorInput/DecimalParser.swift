import Glibc

/// Fast, correctly rounded conversion of decimal text to `Double`.
///
/// Accepts optional surrounding spaces and tabs, a leading `+` or `-`, digits with an optional `.`, and
/// an optional `e`/`E` exponent. Every accepted input converts to exactly the value `Double(String)` gives
/// for the same text without its surrounding blanks.
///
/// Numbers with at most 19 digits (leading zeros included) whose mantissa fits in 53 bits and whose decimal exponent is
/// within ±22 take Clinger's fast path (one exact integer-to-double conversion and one correctly rounded
/// multiply or divide by an exact power of ten). Everything else goes to the C library's correctly rounded
/// `strtod` under the C locale, which is what `Double(String)` itself calls.
public enum DecimalParser {
    /// Why a field is not a finite decimal number.
    public enum Failure: Error, Sendable, Equatable {
        /// The field is empty or blank.
        case empty
        /// The field is not a decimal number.
        case notANumber
        /// The field is `nan`, `inf` or `infinity` (any case, optionally signed), or overflows a `Double`.
        case nonFinite
    }

    /// Parses a whole field as a finite decimal number.
    ///
    /// - Parameter bytes: The field's bytes.
    /// - Returns: The value, or why the field is not a finite number.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<Double, Failure> {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return .failure(.empty) }
        let base = start.assumingMemoryBound(to: UInt8.self)
        let scan = scanPrefix(base, from: 0, to: bytes.count)
        var stop = scan.stop
        while stop < bytes.count, base[stop] == CSVSyntax.space || base[stop] == CSVSyntax.tab { stop += 1 }
        guard stop == bytes.count else { return .failure(.notANumber) }
        switch scan.kind {
        case .number: return .success(scan.value)
        case .nothing: return .failure(.empty)
        case .nonFinite: return .failure(.nonFinite)
        }
    }

    /// Parses the longest number at the start of `[start, end)`, after leading blanks.
    ///
    /// The caller decides whether the byte at `stop` may legally follow a number (a delimiter, a line end),
    /// which lets the numeric scan parse and split a row in a single pass.
    ///
    /// - Parameters:
    ///   - base: The buffer's first byte.
    ///   - start: Where to start.
    ///   - end: The offset parsing must not reach.
    /// - Returns: The value (for `.number`), the kind, and the offset just past what was consumed.
    @inline(__always)
    static func scanPrefix(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> NumberScan {
        var index = start
        while index < end, base[index] == CSVSyntax.space || base[index] == CSVSyntax.tab { index += 1 }
        let numberStart = index
        var negative = false
        if index < end, base[index] == UInt8(ascii: "-") || base[index] == UInt8(ascii: "+") {
            negative = base[index] == UInt8(ascii: "-")
            index += 1
        }
        let digitsStart = index
        // More than 19 digits may wrap `mantissa`; such (rare) numbers go to the slow path below.
        var mantissa: UInt64 = 0
        accumulateDigits(base, &index, end, &mantissa)
        var digitCount = index - digitsStart
        var exponent = 0
        if index < end, base[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            accumulateDigits(base, &index, end, &mantissa)
            exponent = fractionStart - index
            digitCount += index - fractionStart
        }
        guard digitCount > 0 else { return scanNonFinite(base, from: digitsStart, to: end, numberStart: numberStart) }
        if index < end, base[index] | 0x20 == UInt8(ascii: "e") {
            var cursor = index + 1
            var exponentNegative = false
            if cursor < end, base[cursor] == UInt8(ascii: "-") || base[cursor] == UInt8(ascii: "+") {
                exponentNegative = base[cursor] == UInt8(ascii: "-")
                cursor += 1
            }
            let exponentDigitsStart = cursor
            var written = 0
            while cursor < end {
                let digit = base[cursor] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                // Saturate: any exponent this large already means overflow or underflow.
                if written < 1_000_000 { written = written * 10 + Int(digit) }
                cursor += 1
            }
            // "1e" or "1e+" is not a number: leave the `e` unconsumed so the caller rejects it.
            if cursor > exponentDigitsStart {
                exponent += exponentNegative ? -written : written
                index = cursor
            }
        }
        if digitCount <= 19 && mantissa <= 1 << 53 {
            if mantissa == 0 {
                return NumberScan(value: negative ? -0.0 : 0.0, stop: index, kind: .number)
            }
            if exponent >= -22 && exponent <= 22 {
                let magnitude = Double(mantissa)
                let scaled =
                    exponent < 0 ? magnitude / exactPowersOfTen[-exponent] : magnitude * exactPowersOfTen[exponent]
                return NumberScan(value: negative ? -scaled : scaled, stop: index, kind: .number)
            }
        }
        return slowPath(base, from: numberStart, to: index)
    }

    /// Appends the decimal digits at `index` to `mantissa` (wrapping past 19 digits), advancing `index`.
    ///
    /// Eight digits at a time when the bytes allow it: the digit loop is a serial multiply-add chain, and
    /// doing eight digits in a few independent operations is what makes the scan fast on long fractions.
    @inline(__always)
    static func accumulateDigits(_ base: UnsafePointer<UInt8>, _ index: inout Int, _ end: Int, _ mantissa: inout UInt64) {
        while end - index >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            guard isEightDigits(word) else { break }
            mantissa = mantissa &* 100_000_000 &+ valueOfEightDigits(word)
            index += 8
        }
        while index < end {
            let digit = base[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            index += 1
        }
    }

    /// Whether all eight bytes of a little-endian word are ASCII digits.
    @inline(__always)
    static func isEightDigits(_ word: UInt64) -> Bool {
        // A byte is a digit when its high nibble is 3 and adding 6 does not carry into the high nibble.
        let highNibbles = word & 0xF0F0_F0F0_F0F0_F0F0
        let carried = (word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0
        return highNibbles | (carried >> 4) == 0x3333_3333_3333_3333
    }

    /// The value of eight ASCII digits in a little-endian word (first digit in the lowest byte).
    @inline(__always)
    static func valueOfEightDigits(_ word: UInt64) -> UInt64 {
        // Combine neighbouring digits into 2-digit, then 4-digit, then the 8-digit value, in parallel lanes.
        let digits = word &- 0x3030_3030_3030_3030
        let pairs = (digits &* 10) &+ (digits >> 8)
        let low = (pairs & 0x0000_00FF_0000_00FF) &* (100 + (1_000_000 << 32))
        let high = ((pairs >> 16) & 0x0000_00FF_0000_00FF) &* (1 + (10_000 << 32))
        return (low &+ high) >> 32
    }

    /// 10^0 ... 10^22: every one is exactly representable in a Double, which the fast path relies on.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Converts validated number text with `strtod` on a NUL-terminated stack copy.
    private static func slowPath(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> NumberScan {
        let length = end - start
        let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { text in
            UnsafeMutableRawPointer(text.baseAddress!).copyMemory(from: base + start, byteCount: length)
            text[length] = 0
            let previous = uselocale(CLocale.numeric)
            defer { uselocale(previous) }
            return strtod(text.baseAddress!, nil)
        }
        return NumberScan(value: value, stop: end, kind: value.isFinite ? .number : .nonFinite)
    }

    /// Recognises `nan`, `inf` and `infinity` in any case after an optional sign.
    private static func scanNonFinite(
        _ base: UnsafePointer<UInt8>,
        from start: Int,
        to end: Int,
        numberStart: Int
    ) -> NumberScan {
        for word in ["infinity", "inf", "nan"] where matches(word, base, at: start, end: end) {
            return NumberScan(value: .nan, stop: start + word.utf8.count, kind: .nonFinite)
        }
        return NumberScan(value: .nan, stop: numberStart, kind: .nothing)
    }

    /// Whether `word` (lower case ASCII) appears at `start`, ignoring case.
    private static func matches(_ word: String, _ base: UnsafePointer<UInt8>, at start: Int, end: Int) -> Bool {
        var index = start
        for letter in word.utf8 {
            guard index < end, base[index] | 0x20 == letter else { return false }
            index += 1
        }
        return true
    }
}

/// What `DecimalParser.scanPrefix` found.
struct NumberScan {
    /// What the consumed bytes are.
    enum Kind {
        /// A finite number, in `value`.
        case number
        /// No number at all (only blanks were consumed).
        case nothing
        /// A NaN or infinity literal, or a number too large for a Double.
        case nonFinite
    }

    var value: Double
    var stop: Int
    var kind: Kind
}

/// The C locale, so `strtod` reads `.` as the decimal point whatever locale the process has set.
private enum CLocale {
    /// Created once and never modified; `uselocale` only reads it, so sharing it across threads is safe.
    nonisolated(unsafe) static let numeric: locale_t = newlocale(LC_NUMERIC_MASK, "C", nil)
}
