import AdvisorCache
import Foundation
import Testing

/// The CloudPhysics block trace (`lbn` keyed, `size` bytes, `time` in seconds) with keys numbered
/// by first appearance, read with a few lines: AdvisorCache's tests cannot use AdvisorReplay's readers.
struct CloudPhysicsTrace {
    var ids: [ObjectID] = []
    var sizes: [Int] = []
    var times: [Double] = []

    /// `../shared` beside the repository.
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")

    /// Reads the first `requests` requests (all of them when nil).
    static func load(requests: Int? = nil) throws -> CloudPhysicsTrace {
        let path = shared.appendingPathComponent("datasets/cloudphysics-block-sample/cloudPhysicsIO.csv").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var trace = CloudPhysicsTrace()
        var dense: [Substring: ObjectID] = [:]
        for line in text.split(separator: "\n").dropFirst().prefix(requests ?? .max) {
            let fields = line.split(separator: ",")  // version,time,op,size,lbn
            let key = fields[4]
            let id = dense[key] ?? ObjectID(dense.count)
            dense[key] = id
            trace.ids.append(id)
            trace.sizes.append(Int(fields[3])!)
            trace.times.append(Double(fields[1])!)
        }
        if let requests { try #require(trace.ids.count == requests, "\(path) has fewer than \(requests) requests") }
        return trace
    }
}
