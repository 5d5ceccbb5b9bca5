/// Whole rows in memory, `base[start..<end]`: the file's data when it is held, or one window of it when
/// it is streamed.
///
/// `@unchecked Sendable` because it holds a raw pointer: the chunks of one window are parsed concurrently,
/// and the bytes are only read, and only while the buffer or reader that owns them keeps them.
struct RowWindow: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
    let start: Int
    let end: Int
    /// The 1-based line number of `start`.
    let firstLine: Int

    /// The 1-based line number of a byte offset inside the window. Used on error paths only.
    func line(of offset: Int) -> Int {
        firstLine + UnsafeBufferPointer(start: base + start, count: max(0, min(offset, end) - start)).count { $0 == CSVSyntax.newline }
    }

    /// The number of line ends in the window.
    var newlines: Int { line(of: end) - firstLine }
}

/// Cuts a compressed file into `RowWindow`s: first the rows of the part already held (`start`), then
/// windows of the decompressed stream, each ending at a line end, with the partial row after it carried
/// to the front of the next. Only one window's memory (doubled for a row longer than it) is held.
struct WindowReader: ~Copyable {
    private let start: InputBuffer
    private let rest: CompressedInput
    private var storage: UnsafeMutableRawBufferPointer
    /// Bytes at the front of `storage` carried from the previous window: a row it cut.
    private var carry = 0
    /// The part of `storage` to move to its front before the next fill (the window just returned is read
    /// until then, so the move waits).
    private var pending: Range<Int>?
    private var state = State.start
    private var nextLine: Int
    private let dataStart: Int
    /// Content bytes read so far, `start` included.
    private(set) var totalBytes = 0

    private enum State { case start, streaming, done }

    init(start: InputBuffer, rest: CompressedInput, dataStart: Int, windowBytes: Int) {
        self.start = start
        self.rest = rest
        self.dataStart = dataStart
        nextLine = start.lineNumber(ofOffset: dataStart)
        storage = .allocate(byteCount: windowBytes, alignment: 8)
    }

    deinit {
        storage.deallocate()
    }

    /// The next window, nil after the last.
    /// - Parameter observe: Called with the content bytes this call decompressed, in file order.
    /// - Throws: What the decompressor throws; `.tooLarge` for a row longer than `InflateOutput.defaultLimit`.
    mutating func next(observe: (UnsafeRawBufferPointer) -> Void) throws(InputError) -> RowWindow? {
        switch state {
        case .done:
            return nil
        case .start:
            state = .streaming
            totalBytes = start.count
            // The held part lives as long as `start`, which this reader keeps, so its pointer outlives the window.
            let (base, end) = start.withBytes { bytes in
                let base = bytes.bindMemory(to: UInt8.self).baseAddress!
                return (base, (bytes[dataStart...].lastIndex(of: CSVSyntax.newline) ?? (dataStart - 1)) + 1)
            }
            let tail = start.count - end
            if tail > storage.count { grow(to: tail) }
            storage.baseAddress!.copyMemory(from: base + end, byteCount: tail)
            carry = tail
            return window(base: base, start: dataStart, end: end)
        case .streaming:
            if let pending {
                let length = pending.count
                storage.baseAddress!.copyMemory(from: storage.baseAddress! + pending.lowerBound, byteCount: length)
                carry = length
                self.pending = nil
            }
            while true {
                let filled = carry + (try rest.fill(UnsafeMutableRawBufferPointer(rebasing: storage[carry...])))
                observe(UnsafeRawBufferPointer(rebasing: storage[carry..<filled]))
                totalBytes += filled - carry
                let base = UnsafePointer(storage.baseAddress!.assumingMemoryBound(to: UInt8.self))
                if filled < storage.count {
                    state = .done
                    return filled == 0 ? nil : window(base: base, start: 0, end: filled)
                }
                if let lastEnd = storage[..<filled].lastIndex(of: CSVSyntax.newline) {
                    pending = (lastEnd + 1)..<filled
                    return window(base: base, start: 0, end: lastEnd + 1)
                }
                // One row fills the window: make room and read on.
                guard storage.count < InflateOutput.defaultLimit else { throw InflateOutput.tooLarge(rest.path) }
                carry = filled
                grow(to: min(storage.count * 2, InflateOutput.defaultLimit))
            }
        }
    }

    private mutating func window(base: UnsafePointer<UInt8>, start: Int, end: Int) -> RowWindow {
        let window = RowWindow(base: base, start: start, end: end, firstLine: nextLine)
        nextLine += window.newlines
        return window
    }

    /// Replaces the storage by a larger block, keeping the carried bytes.
    private mutating func grow(to bytes: Int) {
        let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes, alignment: 8)
        larger.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: carry)
        storage.deallocate()
        storage = larger
    }
}
