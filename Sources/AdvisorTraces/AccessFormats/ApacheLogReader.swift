import AdvisorInput

/// Reads `apache-log` traces: Apache common or combined log lines,
/// `host ident user [dd/Mon/yyyy:HH:MM:SS ±hhmm] "METHOD url protocol" status bytes …`.
///
/// The key is the URL of the request line (its bytes hashed, see `TextKey`); the time is the log time in
/// Unix seconds, kept in file order (Apache writes a line when a request ends but stamps it with the time
/// it started, so times are not monotonic). The size is the response bytes, with `-` (no body, as for a
/// 304) and 0 stored as 1: the object's own size is unknown then, and a byte cache needs a positive weight.
/// PUT, POST, DELETE and PATCH write; every other method (GET, HEAD, OPTIONS, …) reads. The status code
/// is checked to be a number but not kept: a 404 still asked the cache for the URL.
enum ApacheLogReader {
    /// Reads every line.
    ///
    /// - Throws: `InputError` naming file, line and byte column: `.malformedRecord` for a line without the
    ///   bracketed time, the quoted request (`METHOD url …`), the status or the bytes; `.notANumber` for a
    ///   bad number or date.
    static func read(_ buffer: InputBuffer, progress: ((Double) -> Void)?) throws(InputError) -> AccessCollector {
        let file = buffer.path
        let space = UInt8(ascii: " ")
        var collector = AccessCollector(buffer: buffer, timestamps: true, operations: true, progress: progress)
        try TextLine.forEach(buffer) { (line) throws(InputError) in
            let open = line.find(UInt8(ascii: "["), from: line.start)
            let close = line.find(UInt8(ascii: "]"), from: open)
            guard close < line.end else {
                throw line.error(
                    .malformedRecord, at: open < line.end ? open : line.start, file: file,
                    "expected the request time in brackets: [dd/Mon/yyyy:HH:MM:SS +hhmm]")
            }
            let time = try LogTime.unixSeconds(line, from: open + 1, to: close, file: file)
            let quote = line.skipBlanks(from: close + 1)
            guard quote < line.end, line.base[quote] == UInt8(ascii: "\"") else {
                throw line.error(.malformedRecord, at: quote, file: file, "expected the quoted request line after the time")
            }
            let requestEnd = closingQuote(line, after: quote)
            guard requestEnd < line.end else {
                throw line.error(.malformedRecord, at: quote, file: file, "the request line has no closing quote")
            }
            let methodEnd = min(line.find(space, from: quote + 1), requestEnd)
            let urlStart = methodEnd + 1
            let urlEnd = min(line.find(space, from: urlStart), requestEnd)
            guard methodEnd > quote + 1, urlStart < urlEnd else {
                throw line.error(.malformedRecord, at: quote + 1, file: file, "expected 'METHOD url protocol' in the request line")
            }
            let statusStart = line.skipBlanks(from: requestEnd + 1)
            let statusEnd = line.find(space, from: statusStart)
            _ = try line.unsigned(statusStart, statusEnd, "status code", file: file)
            let bytesStart = line.skipBlanks(from: statusEnd)
            let bytesEnd = line.find(space, from: bytesStart)
            let isDash = bytesEnd == bytesStart + 1 && line.base[bytesStart] == UInt8(ascii: "-")
            let bytes = isDash ? 1 : try line.unsigned(bytesStart, bytesEnd, "byte count", file: file)
            try collector.append(
                key: TextKey.key(line.bytes(urlStart, urlEnd)), size: UInt32(clamping: bytes), time: time,
                isWrite: OperationName.isHTTPWrite(line.bytes(quote + 1, methodEnd)))
            collector.reached(line.start)
        }
        return collector
    }

    /// The offset of the quote closing the one at `open`, skipping the `\"` escapes Apache writes
    /// (`line.end` when there is none).
    private static func closingQuote(_ line: TextLine, after open: Int) -> Int {
        var index = open + 1
        while index < line.end {
            switch line.base[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index
            default: index += 1
            }
        }
        return line.end
    }
}
