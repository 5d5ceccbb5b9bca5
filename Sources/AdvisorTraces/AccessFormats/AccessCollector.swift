import AdvisorInput
import Foundation

/// Receives the requests a format reader finds, in file order, and builds the `AccessTrace` columns.
///
/// Every reader walks its (decompressed) bytes once and calls `append` per access: keys are numbered
/// densely by `KeyInterner`, and only the columns the format has are kept.
struct AccessCollector {
    private var ids: [UInt32] = []
    private var keys: [UInt64] = []
    private var sizes: [UInt32] = []
    private var timestamps: [Double] = []
    private var writes: [Bool] = []
    private var interner: KeyInterner
    /// Whether the format has times / operations: decides whether `timestamps` / `writes` are kept.
    let recordsTimestamps: Bool
    let recordsOperations: Bool
    /// The file to name in errors.
    let file: String

    /// The most requests one record may stand for (an ARC page run, a Meta KV `op_count`). The real traces
    /// stay below 200; a run of millions is a corrupt or hostile file that would otherwise grow memory
    /// without bound from a few bytes of input.
    static let runLimit: UInt64 = 1 << 20
    /// The most requests run-length records may stand for per byte of the file (or `expansionFloor` in
    /// all, for small files). The real traces stay below 6 per byte (ARC runs of up to 128 pages on lines of
    /// about 20 bytes; `op_count` up to 50 on rows of about 60), so 32 leaves room; what it refuses is a
    /// few lines asking for a million pages each, which takes seconds and gigabytes from a kilobyte.
    static let expansionPerByte = 32
    static let expansionFloor = 1 << 16
    /// The most requests a trace may hold: half the machine's memory at the bytes each request takes in
    /// the trace's columns (id, size, time, write flag), so a file can never grow the process out of memory.
    static let requestLimit = Int(clamping: ProcessInfo.processInfo.physicalMemory / 2 / 17)

    private let progress: ((Double) -> Void)?
    private let totalBytes: Int
    /// The file's (decompressed) size, which bounds how far run-length records may expand it.
    private let fileBytes: Int
    /// The byte offset at which progress is next reported (`Int.max` without a progress handler).
    private var nextReport: Int

    /// Creates an empty collector for one file.
    ///
    /// - Parameters:
    ///   - buffer: The file being read (its path and size).
    ///   - timestamps: Whether the format has times.
    ///   - operations: Whether the format has operations.
    ///   - expectedCount: The number of requests, when the format makes it known up front (binary records).
    ///   - progress: Called with the fraction of the bytes read, about every 1% and once with 1 at the end.
    init(
        buffer: InputBuffer, timestamps: Bool, operations: Bool, expectedCount: Int = 0,
        progress: ((Double) -> Void)?
    ) {
        file = buffer.path
        recordsTimestamps = timestamps
        recordsOperations = operations
        interner = KeyInterner()
        self.progress = progress
        totalBytes = max(buffer.count, 1)
        fileBytes = buffer.count
        nextReport = progress == nil ? .max : 0
        ids.reserveCapacity(expectedCount)
        sizes.reserveCapacity(expectedCount)
        if timestamps { self.timestamps.reserveCapacity(expectedCount) }
        if operations { writes.reserveCapacity(expectedCount) }
    }

    /// Records one access.
    ///
    /// - Parameters:
    ///   - key: The object's key (numeric keys as they are, text keys hashed).
    ///   - size: Bytes; 0 is stored as 1 so that byte-weighted caches never see a weightless object.
    ///   - time: Seconds; ignored unless the format has times.
    ///   - isWrite: Whether the request writes the object; ignored unless the format has operations.
    /// - Throws: `InputError` `.tooManyKeys` when a new key would exceed the 32-bit id range, `.tooLarge` past
    ///   `requestLimit` requests.
    @inline(__always)
    mutating func append(key: UInt64, size: UInt32 = 1, time: Double = 0, isWrite: Bool = false) throws(InputError) {
        guard let (id, isNew) = interner.intern(key) else {
            throw InputError(
                code: .tooManyKeys, file: file,
                message: "more than \(KeyInterner.limit) distinct keys; object ids are 32-bit")
        }
        if isNew { keys.append(key) }
        guard ids.count < Self.requestLimit else {
            throw InputError(code: .tooLarge, file: file, message: "more than \(Self.requestLimit) requests, half this machine's memory")
        }
        ids.append(id)
        sizes.append(max(size, 1))
        if recordsTimestamps { timestamps.append(time) }
        if recordsOperations { writes.append(isWrite) }
    }

    /// Why a record standing for `count` requests cannot be expanded, or nil when it can: checked before
    /// expanding, so a hostile count fails at once instead of after filling memory.
    func runProblem(_ count: UInt64) -> String? {
        if count > Self.runLimit { return "one record may stand for at most \(Self.runLimit) requests, not \(count)" }
        let budget = max(Self.expansionFloor, Self.expansionPerByte * fileBytes)
        if ids.count + Int(count) > budget {
            return "the records would stand for more than \(budget) requests, "
                + "\(Self.expansionPerByte) per byte of this \(fileBytes)-byte file (real traces stay below 6)"
        }
        if ids.count + Int(count) > Self.requestLimit {
            return "the trace would hold more than \(Self.requestLimit) requests, half this machine's memory"
        }
        return nil
    }

    /// Notes that the reader has reached byte `offset`, reporting progress when another 1% is done.
    @inline(__always)
    mutating func reached(_ offset: Int) {
        if offset >= nextReport { report(offset) }
    }

    private mutating func report(_ offset: Int) {
        progress?(Double(offset) / Double(totalBytes))
        nextReport = offset + max(totalBytes / 100, 1)
    }

    /// The finished trace.
    ///
    /// - Parameter format: The format that was read; gives `keysAreAddresses`.
    /// - Returns: The trace, with `timestamps` / `writes` nil when the format has none.
    /// - Throws: `InputError` `.emptyFile` when the file held no request.
    consuming func trace(format: AccessFormat) throws(InputError) -> AccessTrace {
        guard !ids.isEmpty else {
            throw InputError(code: .emptyFile, file: file, message: "the trace holds no requests")
        }
        progress?(1)
        return AccessTrace(
            ids: ids, keys: keys, sizes: sizes, timestamps: recordsTimestamps ? timestamps : nil,
            writes: recordsOperations ? writes : nil, keysAreAddresses: format.keysAreAddresses, format: format)
    }
}
