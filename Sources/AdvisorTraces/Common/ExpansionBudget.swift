/// How far records that stand for many requests may expand a file: an ARC page run, a Meta KV
/// `op_count`, a per-second request count.
///
/// At most `perByte` requests per byte of the (decompressed) file, or `floor` in all for small files.
/// The real traces stay below 6 per byte (ARC runs of up to 128 pages on lines of about 20 bytes;
/// `op_count` up to 50 on rows of about 60; NASA's 3.5 million requests in 10 MB of counts), so 32
/// leaves room; what it refuses is a few bytes asking for millions of requests, which would take
/// seconds and gigabytes from a kilobyte of input.
struct ExpansionBudget {
    static let perByte = 32
    static let floor = 1 << 16

    /// The file's (decompressed) size.
    let fileBytes: Int

    /// The most requests the file may stand for.
    var limit: Int { max(Self.floor, Self.perByte * fileBytes) }

    /// Why `total` requests are too many for the file, or nil when they fit.
    func problem(_ total: Int) -> String? {
        guard total > limit else { return nil }
        return "the records would stand for more than \(limit) requests, \(Self.perByte) per byte of this "
            + "\(fileBytes)-byte file (real traces stay below 6)"
    }
}
