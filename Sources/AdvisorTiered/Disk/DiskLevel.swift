import AdvisorCache
import Foundation
import GRDB
import Synchronization

/// L3: a SQLite file (WAL) of one table keyed by key, with each value's size, expiry and last
/// access, bounded by bytes and evicted by one of the project's policy cores.
///
/// The file outlives the process: on open, expired rows are deleted and the rest are admitted to
/// the policy in the order they were last read, so the policy starts from the recency it had.
/// Every change goes through one serialized write that updates the index and the table together.
/// Expiry and last access are wall-clock milliseconds, since they must survive a restart.
final class DiskLevel: Sendable {
    private let database: DatabasePool
    private let index: Mutex<DiskIndex>
    private let wallClock: @Sendable () -> Int64
    /// Reads not yet written to `last_access`: written together every `touchBatch` reads, so a read
    /// costs no write of its own (a crash loses only some recency).
    private let touched = Mutex<[String: Int64]>([:])
    static let touchBatch = 64

    /// Opens (or creates) the file.
    /// - Parameters:
    ///   - path: the SQLite file.
    ///   - byteCapacity: the budget for keys and values.
    ///   - policy: the eviction policy.
    ///   - wallClock: milliseconds since 1970.
    /// - Throws: GRDB's error when the file cannot be opened or is not this table's database;
    ///   `CacheConfigurationError` for a bad policy or capacity.
    init(path: String, byteCapacity: Int, policy: BaselinePolicy, wallClock: @escaping @Sendable () -> Int64) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        database = try DatabasePool(path: path, configuration: configuration)
        self.wallClock = wallClock
        guard byteCapacity > 0 else { throw TieredConfigurationError("the L3 byte capacity must be at least 1, got \(byteCapacity)") }
        index = Mutex(DiskIndex(policy: try policy.make(capacity: byteCapacity)))
        let now = wallClock()
        try database.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS l3 (
                        key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL, size INTEGER NOT NULL,
                        expires_at INTEGER, last_access INTEGER NOT NULL)
                    """)
            try db.execute(sql: "DELETE FROM l3 WHERE expires_at IS NOT NULL AND expires_at <= ?", arguments: [now])
            let held = try Row.fetchAll(db, sql: "SELECT key, size FROM l3 ORDER BY last_access").map { row -> (String, Int) in
                (row["key"], row["size"])
            }
            let evicted = self.index.withLock { index in
                held.flatMap { key, size -> [String] in
                    let outcome = index.insert(key, weight: size)
                    return outcome.admitted ? outcome.evicted : outcome.evicted + [key]
                }
            }
            try Self.delete(evicted, in: db)
        }
    }

    /// Bytes held and entries held.
    var occupancy: (bytes: Int, entries: Int) { index.withLock { ($0.usedBytes, $0.residentCount) } }

    /// The value for `key`, if held and fresh.
    func get(_ key: String) async throws -> [UInt8]? {
        let now = wallClock()
        let row = try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT value, expires_at FROM l3 WHERE key = ?", arguments: [key])
        }
        guard let row else { return nil }
        if let expiry: Int64 = row["expires_at"], expiry <= now {
            try await remove([key])
            return nil
        }
        index.withLock { $0.access(key) }
        let due = touched.withLock { touched -> [String: Int64] in
            touched[key] = now
            guard touched.count >= Self.touchBatch else { return [:] }
            defer { touched = [:] }
            return touched
        }
        if !due.isEmpty {
            try await database.write { db in
                for (key, time) in due {
                    try db.execute(sql: "UPDATE l3 SET last_access = ? WHERE key = ?", arguments: [time, key])
                }
            }
        }
        let data: Data = row["value"]
        return [UInt8](data)
    }

    /// Stores `value` for `key`, evicting what the policy says to make room.
    func put(_ key: String, _ value: [UInt8], ttl: Duration?) async throws {
        let now = wallClock()
        let expiry = ttl.map { now + $0.milliseconds }
        let size = value.count + key.utf8.count
        try await database.write { db in
            let outcome = self.index.withLock { $0.insert(key, weight: size) }
            if outcome.admitted {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO l3 (key, value, size, expires_at, last_access) VALUES (?, ?, ?, ?, ?)",
                    arguments: [key, Data(value), size, expiry, now])
            } else {
                try Self.delete([key], in: db)
            }
            try Self.delete(outcome.evicted, in: db)
        }
    }

    /// Removes `keys`.
    func remove(_ keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        try await database.write { db in
            self.index.withLock { index in for key in keys { index.remove(key) } }
            try Self.delete(keys, in: db)
        }
    }

    /// Removes `keys` before returning, for the cache's start (no task is running yet).
    func removeNow(_ keys: [String]) throws {
        guard !keys.isEmpty else { return }
        try database.write { db in
            self.index.withLock { index in for key in keys { index.remove(key) } }
            try Self.delete(keys, in: db)
        }
    }

    /// Removes every key that starts with `prefix`.
    func remove(prefix: String) async throws {
        try await database.write { db in
            let keys = self.index.withLock { index in
                let keys = index.keys(withPrefix: prefix)
                for key in keys { index.remove(key) }
                return keys
            }
            try Self.delete(keys, in: db)
        }
    }

    /// Removes everything.
    func removeAll() async throws {
        try await database.write { db in
            self.index.withLock { $0.removeAll() }
            try db.execute(sql: "DELETE FROM l3")
        }
    }

    private static func delete(_ keys: [String], in db: Database) throws {
        for key in keys { try db.execute(sql: "DELETE FROM l3 WHERE key = ?", arguments: [key]) }
    }
}
