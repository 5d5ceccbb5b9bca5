import Foundation

/// The CloudPhysics block IO sample in `../shared/datasets`, read in place once per test run.
///
/// This target cannot import AdvisorReplay's trace readers (the runtime modules never depend on
/// the offline one), and two integer columns of a small CSV take only a few lines.
enum CloudPhysicsSample {
    /// One request of the trace: the block asked for and the request's size in bytes.
    struct Request: Sendable {
        let lbn: Int
        let size: Int
    }

    struct ReadError: Error, CustomStringConvertible {
        let description: String
    }

    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/datasets/cloudphysics-block-sample/cloudPhysicsIO.csv").path

    /// Every request, in trace order (113,872 of them).
    /// - Throws: `ReadError` naming the file (and line) when it is missing or malformed.
    static func requests() throws -> [Request] {
        try parsed.get()
    }

    private static let parsed = Result<[Request], any Error> {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ReadError(description: "cannot read \(path): the shared datasets must sit beside the repository")
        }
        var lines = text.split(separator: "\n").makeIterator()
        guard lines.next() == "version,time,op,size,lbn" else { throw ReadError(description: "\(path):1: unexpected header") }
        var requests: [Request] = []
        for (index, line) in IteratorSequence(lines).enumerated() {
            let fields = line.split(separator: ",")
            guard fields.count == 5, let size = Int(fields[3]), let lbn = Int(fields[4]) else {
                throw ReadError(description: "\(path):\(index + 2): expected integer size and lbn in \"\(line)\"")
            }
            requests.append(Request(lbn: lbn, size: size))
        }
        return requests
    }
}
