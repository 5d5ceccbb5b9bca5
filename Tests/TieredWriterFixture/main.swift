// The writer process of the kill -9 durability test: writes through a write-behind TieredCache into
// a SQLite "database" and prints "key value" on stdout for every write `set` acknowledged.
//
// Usage: TieredWriterFixture JOURNAL STORE TASKS WRITES-PER-TASK RUN
// Each task writes keys r<RUN>-t<task>-<0..99> in turn with values RUN * 1_000_000 + i, so every key's
// values grow within a run. After its writes it waits for the store to take them all, prints
// "drained" and exits 0; the test kills most runs with SIGKILL long before that.
import AdvisorCache
import AdvisorTiered
import Foundation
import GRDB

let arguments = CommandLine.arguments
guard arguments.count == 6, let tasks = Int(arguments[3]), let perTask = Int(arguments[4]), let run = Int(arguments[5]) else {
    FileHandle.standardError.write(Data("usage: TieredWriterFixture JOURNAL STORE TASKS WRITES-PER-TASK RUN\n".utf8))
    exit(2)
}

let database = try DatabaseQueue(path: arguments[2])
try database.write { db in
    try db.execute(sql: "CREATE TABLE IF NOT EXISTS store (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL)")
}

let cache = try TieredCache<Int>(
    namespace: "writer:", l1Capacity: 1_000,
    writePolicy: .writeBehind(
        WriteBehindSettings(journalPath: arguments[1], batchSize: 64, maxPending: 500, batchDelay: .milliseconds(1)),
        store: { writes in
            try await database.write { db in
                for write in writes {
                    try db.execute(sql: "INSERT OR REPLACE INTO store (key, value) VALUES (?, ?)", arguments: [write.key, write.value])
                }
            }
        }),
    loader: { key in
        try await database.read { db in try Int.fetchOne(db, sql: "SELECT value FROM store WHERE key = ?", arguments: [key]) ?? 0 }
    })

try await withThrowingTaskGroup(of: Void.self) { group in
    for task in 0..<tasks {
        group.addTask {
            for index in 0..<perTask {
                let key = "r\(run)-t\(task)-\(index % 100)"
                let value = run * 1_000_000 + index
                try await cache.set(key, value)
                FileHandle.standardOutput.write(Data("\(key) \(value)\n".utf8))
            }
        }
    }
    try await group.waitForAll()
}
await cache.flush()
FileHandle.standardOutput.write(Data("drained\n".utf8))
cache.shutdown()
