import AdvisorInput

/// Reads the trace samples Meta ships with CacheLib: CDN ("bigcache") and key-value cache traces.
///
/// Both are header CSVs whose columns are found by CacheLib's names, so column order may differ between
/// files (it does between `kv_traces_1.csv` and `kv_traces_2.csv`).
enum CacheLibReaders {
    /// Reads a `meta-cdn` trace: `timestamp,cacheKey,OpType,objectSize,responseSize,…`.
    ///
    /// The key is `cacheKey`, the time `timestamp` (s). The size is `objectSize`, the whole object's bytes;
    /// when it is not positive (-1 on a few rows of `short_bigcache_traces.csv`), `responseSize` is the best
    /// known lower bound and is used instead (at least 1). `OpType` has no documented meaning and is 1 on
    /// every row of the samples; CacheLib's own replayer reads every row as a GET, so the trace has no
    /// operations (`writes` is nil).
    ///
    /// - Throws: `InputError` naming file, line and column of a value it cannot accept.
    static func readCDN(_ buffer: InputBuffer, progress: ((Double) -> Void)?) throws(InputError) -> AccessCollector {
        let header = try CSVHeader(buffer: buffer)
        let file = buffer.path
        let keyColumn = try header.require("cacheKey", file: file)
        let timeColumn = try header.require("timestamp", file: file)
        let objectSizeColumn = try header.require("objectSize", file: file)
        let responseSizeColumn = header.index(of: "responseSize")
        var collector = AccessCollector(buffer: buffer, timestamps: true, operations: false, progress: progress)
        try CSVFields.forEachRow(buffer, header: header) { (row) throws(InputError) in
            let key = try CSVFields.key(row, keyColumn, file: file)
            let time = try row.double(timeColumn)
            var size = try row.double(objectSizeColumn)
            if size <= 0, let responseSizeColumn {
                size = try row.double(responseSizeColumn)
            }
            try collector.append(key: key, size: CSVFields.saturated(size), time: time)
            collector.reached(row.byteOffset)
        }
        return collector
    }

    /// Reads a `meta-kv` trace: `op_time,key,key_size,op,op_count,size,…` in any column order.
    ///
    /// Read as CacheLib's KV replay reads it: a row stands for `op_count` identical requests (1 without the
    /// column); GET and GET_LEASE read, SET and SET_LEASE write, DELETE rows are skipped (see
    /// `OperationName.Effect.delete`); `op_time` is in seconds. The size is `key_size + size`, what the item
    /// occupies in the cache (CacheLib pads each key to `key_size`); `size` alone is the value's bytes.
    ///
    /// - Throws: `InputError` naming file, line and column of a value it cannot accept, `.unknownOperation`
    ///   for any other op, `.outOfRange` for an `op_count` below 1, `.tooLarge` for one past
    ///   `AccessCollector.runLimit` or `requestLimit`.
    static func readKV(_ buffer: InputBuffer, progress: ((Double) -> Void)?) throws(InputError) -> AccessCollector {
        let header = try CSVHeader(buffer: buffer)
        let file = buffer.path
        let keyColumn = try header.require("key", file: file)
        let opColumn = try header.require("op", file: file)
        let sizeColumn = try header.require("size", file: file)
        let keySizeColumn = header.index(of: "key_size")
        let timeColumn = header.index(of: "op_time")
        let countColumn = header.index(of: "op_count")
        var collector = AccessCollector(buffer: buffer, timestamps: timeColumn != nil, operations: true, progress: progress)
        try CSVFields.forEachRow(buffer, header: header) { (row) throws(InputError) in
            let effect = row.withField(opColumn) { OperationName.effect($0, in: OperationName.metaKV) }
            guard let effect else {
                throw InputError(
                    code: .unknownOperation, file: file, line: row.line, column: opColumn + 1,
                    message: "unknown op '\(row.string(opColumn))'; expected \(OperationName.names(OperationName.metaKV))")
            }
            let repeats =
                try countColumn.map { (column) throws(InputError) in try CSVFields.count(row, column, "op_count", file: file) } ?? 1
            guard repeats >= 1 else {
                throw InputError(
                    code: .outOfRange, file: file, line: row.line, column: countColumn! + 1,
                    message: "op_count must be at least 1")
            }
            if let problem = collector.runProblem(UInt64(repeats)) {
                throw InputError(code: .tooLarge, file: file, line: row.line, column: countColumn! + 1, message: problem)
            }
            guard effect != .delete else { return }
            let key = try CSVFields.key(row, keyColumn, file: file)
            let keySize =
                try keySizeColumn.map { (column) throws(InputError) in try CSVFields.count(row, column, "key_size", file: file) } ?? 0
            let valueSize = try CSVFields.count(row, sizeColumn, "size", file: file)
            let (size, overflow) = keySize.addingReportingOverflow(valueSize)
            let time = try timeColumn.map { (column) throws(InputError) in try row.double(column) } ?? 0
            for _ in 0..<repeats {
                try collector.append(key: key, size: overflow ? .max : size, time: time, isWrite: effect == .write)
            }
            collector.reached(row.byteOffset)
        }
        return collector
    }
}
