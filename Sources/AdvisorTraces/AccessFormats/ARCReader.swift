import AdvisorInput

/// Reads `arc` traces, the ARC paper's `*.lis` files: text lines `start count ignored request_number`.
///
/// Each line asks for `count` consecutive pages from page `start`; it becomes one access per page, in
/// order, keyed by the page number (so `keysAreAddresses`). Only the first two fields are read: the third
/// is unused upstream and the fourth is a request counter. There are no times, sizes or operations.
enum ARCReader {
    /// Reads every line, expanding it into pages.
    ///
    /// - Throws: `InputError` naming file, line and byte column: `.emptyField`/`.notANumber` for a missing or
    ///   bad start or count, `.outOfRange` for a count of 0 or pages past `UInt64.max`, `.tooLarge` for a run past
    ///   `AccessCollector.runLimit` or `requestLimit`.
    static func read(_ buffer: InputBuffer, progress: ((Double) -> Void)?) throws(InputError) -> AccessCollector {
        let file = buffer.path
        var collector = AccessCollector(buffer: buffer, timestamps: false, operations: false, progress: progress)
        try TextLine.forEach(buffer) { (line) throws(InputError) in
            let startBegin = line.skipBlanks(from: line.start)
            let startEnd = fieldEnd(line, from: startBegin)
            let countBegin = line.skipBlanks(from: startEnd)
            let countEnd = fieldEnd(line, from: countBegin)
            let first = try line.unsigned(startBegin, startEnd, "start page", file: file)
            let count = try line.unsigned(countBegin, countEnd, "page count", file: file)
            guard count >= 1 else { throw line.error(.outOfRange, at: countBegin, file: file, "the page count must be at least 1") }
            if let problem = collector.runProblem(count) { throw line.error(.tooLarge, at: countBegin, file: file, problem) }
            guard first <= UInt64.max - (count - 1) else {
                throw line.error(.outOfRange, at: countBegin, file: file, "pages \(first)+\(count) run past the largest page number")
            }
            for page in first...(first + (count - 1)) {
                try collector.append(key: page)
            }
            collector.reached(line.start)
        }
        return collector
    }

    /// The end of the blank-separated field starting at `start`.
    @inline(__always)
    private static func fieldEnd(_ line: TextLine, from start: Int) -> Int {
        var index = start
        while index < line.end, line.base[index] != UInt8(ascii: " "), line.base[index] != UInt8(ascii: "\t") { index += 1 }
        return index
    }
}
