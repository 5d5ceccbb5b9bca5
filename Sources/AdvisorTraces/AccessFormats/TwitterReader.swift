import AdvisorInput

/// Reads `twitter` traces (twemcache format, no header): `timestamp,key,key_size,value_size,client_id,op,ttl`.
///
/// The key is split off from both ends of the line (the first comma, and the five last ones), so a key that
/// holds commas is still read whole. The time is `timestamp` (s); the size is `key_size + value_size`, what
/// the item occupies; get/gets read, set/add/replace/cas/append/prepend/incr/decr write, and delete rows are
/// skipped (see `OperationName.Effect.delete`). `client_id` and `ttl` are not kept.
enum TwitterReader {
    /// Reads every line.
    ///
    /// - Throws: `InputError` naming file, line and byte column: `.malformedRecord` for a line with fewer
    ///   than 7 fields, `.notANumber`/`.emptyField` for a bad number, `.unknownOperation` for an unknown op.
    static func read(_ buffer: InputBuffer, progress: ((Double) -> Void)?) throws(InputError) -> AccessCollector {
        let file = buffer.path
        let comma = UInt8(ascii: ",")
        var collector = AccessCollector(buffer: buffer, timestamps: true, operations: true, progress: progress)
        try TextLine.forEach(buffer) { (line) throws(InputError) in
            let timeEnd = line.find(comma, from: line.start)
            var cursor = line.end
            // The comma before the field that ends at `cursor`, walking from the end of the line.
            func previousComma() throws(InputError) -> Int {
                guard let found = line.findBackwards(comma, before: cursor, notBefore: timeEnd + 1) else {
                    throw line.error(
                        .malformedRecord, at: line.start, file: file,
                        "expected 7 comma-separated fields: timestamp,key,key_size,value_size,client_id,op,ttl")
                }
                cursor = found
                return found
            }
            let beforeTTL = try previousComma()
            let beforeOp = try previousComma()
            let beforeClient = try previousComma()
            let beforeValueSize = try previousComma()
            let beforeKeySize = try previousComma()
            let time = try line.unsigned(line.start, timeEnd, "timestamp", file: file)
            let keySize = try line.unsigned(beforeKeySize + 1, beforeValueSize, "key size", file: file)
            let valueSize = try line.unsigned(beforeValueSize + 1, beforeClient, "value size", file: file)
            let opStart = beforeOp + 1
            guard let effect = OperationName.effect(line.bytes(opStart, beforeTTL), in: OperationName.twitter) else {
                throw line.error(
                    .unknownOperation, at: opStart, file: file,
                    "unknown op '\(line.quote(opStart, beforeTTL))'; expected \(OperationName.names(OperationName.twitter))")
            }
            guard effect != .delete else { return }
            let keyStart = timeEnd + 1
            guard keyStart < beforeKeySize else { throw line.error(.emptyField, at: keyStart, file: file, "empty key") }
            let size = keySize.addingReportingOverflow(valueSize)
            try collector.append(
                key: TextKey.key(line.bytes(keyStart, beforeKeySize)),
                size: size.overflow || size.partialValue > UInt64(UInt32.max) ? .max : UInt32(size.partialValue),
                time: Double(time), isWrite: effect == .write)
            collector.reached(line.start)
        }
        return collector
    }
}
