import Foundation
import Testing

/// The CloudPhysics block trace (`lbn` keyed, `size` bytes) with keys numbered by first
/// appearance, read with a few lines: the runtime modules' tests do not link the offline readers.
package struct CloudPhysicsTrace: Sendable {
    /// Dense ids by first appearance, 32-bit as the cache's `ObjectID`.
    package var ids: [UInt32] = []
    package var sizes: [Int] = []

    /// Reads the first `requests` requests (all of them when nil).
    package static func load(requests: Int? = nil) throws -> CloudPhysicsTrace {
        let path = try SharedData.path("cloudphysics-block-sample/cloudPhysicsIO.csv")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var trace = CloudPhysicsTrace()
        var dense: [Substring: UInt32] = [:]
        for line in text.split(separator: "\n").dropFirst().prefix(requests ?? .max) {
            let fields = line.split(separator: ",")  // version,time,op,size,lbn
            let key = fields[4]
            let id = dense[key] ?? UInt32(dense.count)
            dense[key] = id
            trace.ids.append(id)
            trace.sizes.append(Int(fields[3])!)
        }
        if let requests { try #require(trace.ids.count == requests, "\(path) has fewer than \(requests) requests") }
        return trace
    }
}
