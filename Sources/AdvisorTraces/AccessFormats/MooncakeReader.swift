import AdvisorInput

/// Reads `mooncake` traces: one JSON object per line, `{"timestamp": ms, …, "hash_ids": [id, …]}`.
///
/// Each entry of `hash_ids` is one access to that KV-cache block, in the listed order (a prompt's prefix
/// blocks); all of a request's accesses share its `timestamp`, stored in seconds (ms / 1000). The size is 1
/// per block: a block holds 512 tokens, but its bytes depend on the model's KV layout, which the trace does
/// not document. Other members (`input_length`, `output_length`) are skipped. There are no operations.
enum MooncakeReader {
    /// Reads every line.
    ///
    /// - Throws: `InputError` naming file, line and byte column: `.malformedRecord` for a line that is not a
    ///   JSON object or lacks `timestamp` or `hash_ids`, `.notANumber` for a bad timestamp or hash id.
    static func read(_ buffer: InputBuffer, progress: ((Double) -> Void)?) throws(InputError) -> AccessCollector {
        let file = buffer.path
        let timestampName = Array("timestamp".utf8)
        let hashIDsName = Array("hash_ids".utf8)
        var collector = AccessCollector(buffer: buffer, timestamps: true, operations: false, progress: progress)
        // Reused for every line: the blocks are known before the timestamp when `hash_ids` comes first.
        var blocks: [UInt64] = []
        try TextLine.forEach(buffer) { (line) throws(InputError) in
            blocks.removeAll(keepingCapacity: true)
            var milliseconds: Double?
            var sawBlocks = false
            var cursor = JSONLineCursor(line, file: file)
            try cursor.forEachMember { (name, value) throws(InputError) in
                if name.elementsEqual(timestampName) {
                    milliseconds = try value.number("timestamp")
                } else if name.elementsEqual(hashIDsName) {
                    try value.unsignedArray("hash id", into: &blocks)
                    sawBlocks = true
                } else {
                    try value.skipValue()
                }
            }
            guard let milliseconds else {
                throw line.error(.malformedRecord, at: line.start, file: file, "the object has no \"timestamp\" member")
            }
            guard sawBlocks else {
                throw line.error(.malformedRecord, at: line.start, file: file, "the object has no \"hash_ids\" member")
            }
            for block in blocks {
                try collector.append(key: block, time: milliseconds / 1000)
            }
            collector.reached(line.start)
        }
        return collector
    }
}
