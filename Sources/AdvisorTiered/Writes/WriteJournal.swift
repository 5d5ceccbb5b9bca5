import Foundation
import GRDB

/// The write-behind journal: an append-only SQLite table (WAL, `synchronous=FULL`, so a commit is
/// on disk before it returns) of every acknowledged write not yet taken by the store.
final class WriteJournal: Sendable {
    private let database: DatabaseQueue

    /// One journaled write.
    struct Entry: Sendable {
        let sequence: Int64
        let key: String
        let bytes: [UInt8]
    }

    /// Opens (or creates) the journal.
    /// - Throws: GRDB's error when the file cannot be opened.
    init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        database = try DatabaseQueue(path: path, configuration: configuration)
        try database.write { db in
            try db.execute(
                sql: "CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, value BLOB NOT NULL)")
        }
    }

    /// Every entry, oldest first.
    func entries() throws -> [Entry] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, key, value FROM journal ORDER BY seq").map { row in
                let data: Data = row["value"]
                return Entry(sequence: row["seq"], key: row["key"], bytes: [UInt8](data))
            }
        }
    }

    /// Appends `writes` in one durable transaction (one sync for the whole group).
    /// - Returns: each write's sequence number, in order.
    func append(_ writes: [(key: String, bytes: [UInt8])]) async throws -> [Int64] {
        try await database.write { db in
            try writes.map { write in
                try db.execute(sql: "INSERT INTO journal (key, value) VALUES (?, ?)", arguments: [write.key, Data(write.bytes)])
                return db.lastInsertedRowID
            }
        }
    }

    /// Removes the entries the store has taken: for each key, those at or before its sequence number.
    func remove(_ taken: [(key: String, sequence: Int64)]) async throws {
        try await database.write { db in
            for entry in taken {
                try db.execute(sql: "DELETE FROM journal WHERE key = ? AND seq <= ?", arguments: [entry.key, entry.sequence])
            }
        }
    }
}
