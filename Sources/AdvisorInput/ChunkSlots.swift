/// Per-chunk state for a `NumericScan` sink: one slot per chunk, each touched only by its own chunk.
///
/// `NumericScan` calls the sink concurrently for different chunks, so sinks cannot share a Swift
/// array (its uniqueness check and mutation bookkeeping are shared, non-atomic state). The slots
/// live in one fixed allocation instead, and chunk `i` only ever reaches `slots[i]`.
/// `@unchecked Sendable` is safe because of exactly that: the scan calls the sink for one chunk
/// sequentially, no two chunks share memory, and the allocation never moves or resizes.
public final class ChunkSlots<Value>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Value>
    /// Number of slots (the scan's chunk count).
    public let count: Int

    /// Creates `count` slots, each starting as `initial`.
    public init(count: Int, initial: Value) {
        precondition(count >= 1, "at least one chunk")
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: initial, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Mutates the slot of `chunk`; call it only from that chunk's sink.
    public func update<R>(_ chunk: Int, _ body: (inout Value) throws -> R) rethrows -> R {
        precondition((0..<count).contains(chunk), "chunk \(chunk) out of range")
        return try body(&base[chunk])
    }

    /// The slots in chunk order, which is file order; read it after the scan has returned.
    public var values: [Value] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }
}
