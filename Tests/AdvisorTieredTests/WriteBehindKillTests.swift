import AdvisorTestSupport
import Foundation
import GRDB
import Testing

/// kill -9 of a real writer process in the middle of write-behind, several times: every write it
/// acknowledged (printed after `set` returned) must be in the store once the journal is replayed.
struct WriteBehindKillTests {
    /// The fixture executable, built beside the test bundle.
    private static let writer = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("TieredWriterFixture")

    /// Runs the writer; with `killAfter`, sends SIGKILL once it has acknowledged that many writes.
    /// - Returns: the lines it printed.
    private func runWriter(_ arguments: [String], killAfter: Int?) throws -> [Substring] {
        let process = Process()
        process.executableURL = Self.writer
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var text = Data()
        var killed = false
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text.append(chunk)
            if let killAfter, !killed, text.reduce(0, { $0 + ($1 == 10 ? 1 : 0) }) >= killAfter {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
        }
        process.waitUntilExit()
        return String(decoding: text, as: UTF8.self).split(separator: "\n")
    }

    @Test func noAcknowledgedWriteIsLostAcrossKills() throws {
        let journal = try temporaryPath("journal.sqlite")
        let storePath = try temporaryPath("store.sqlite")
        var acknowledged: [String: Int] = [:]
        var acknowledgements = 0
        for run in 1...3 {
            let lines = try runWriter([journal, storePath, "4", "1000000", String(run)], killAfter: 3_500)
            #expect(!lines.contains("drained"))
            for line in lines {
                let parts = line.split(separator: " ")
                // The last line may be cut by the kill: only whole "key value" lines were acknowledged.
                guard parts.count == 2, let value = Int(parts[1]) else { continue }
                acknowledgements += 1
                acknowledged[String(parts[0]), default: value] = max(value, acknowledged[String(parts[0])] ?? value)
            }
        }
        #expect(acknowledgements >= 10_000)
        #expect(acknowledged.count == 3 * 4 * 100)
        let replay = try runWriter([journal, storePath, "0", "0", "4"], killAfter: nil)
        #expect(replay.last == "drained")
        let stored = try DatabaseQueue(path: storePath).read { db in
            try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT key, value FROM store").map { row -> (String, Int) in
                    (row["key"], row["value"])
                })
        }
        let lost = acknowledged.filter { key, value in (stored[key] ?? -1) < value }
        #expect(lost.isEmpty, "lost: \(lost.prefix(5))")
    }
}
