import AdvisorSupport
import Synchronization

/// Everything below L1, in order: the write-behind writes not yet stored, L2, L3, the loader.
///
/// `fetch` is L1's loader, so `PredictiveCache` coalesces misses: one fetch per key per process
/// at a time. A hit at one level is copied to the levels above it (L3 → L2, and the value returned
/// goes into L1); a load fills L2 and L3. Fills of L2 use `SET NX`, so a slow load never
/// overwrites a newer write. No level's failure reaches the caller: only the loader's does.
final class LowerLevels<Value: Sendable>: Sendable {
    let l2: RedisLevel?
    let l3: DiskLevel?
    let l3TTL: Duration?
    let writeBehind: WriteBehindQueue<Value>?
    let codec: any TieredCodec<Value>
    let loader: @Sendable (String) async throws -> Value
    let clock: ElapsedClock

    struct Counters {
        var l2 = LevelStatistics()
        var l3 = LevelStatistics()
        var pendingHits = 0
        var loads = 0
        var loadFailures = 0
    }

    let counters = Mutex(Counters())

    init(
        l2: RedisLevel?, l3: DiskLevel?, l3TTL: Duration?, writeBehind: WriteBehindQueue<Value>?, codec: any TieredCodec<Value>,
        clock: ElapsedClock, loader: @escaping @Sendable (String) async throws -> Value
    ) {
        self.l2 = l2
        self.l3 = l3
        self.l3TTL = l3TTL
        self.writeBehind = writeBehind
        self.codec = codec
        self.clock = clock
        self.loader = loader
    }

    /// The value for `key` from the first level that has it, else from the loader.
    /// - Parameter promote: whether to copy a lower-level hit or a load into the levels above.
    /// - Throws: the loader's error.
    func fetch(_ key: String, promote: Bool = true) async throws -> Value {
        // This process's latest acknowledged write comes first: after a crash L2 and L3 may be older.
        if let bytes = writeBehind?.pendingBytes(key), let value = try? codec.decode(bytes) {
            counters.withLock { $0.pendingHits += 1 }
            return value
        }
        if let l2 {
            let start = clock.nanoseconds
            let answer = await l2.get(key)
            let decoded = answer.flatMap { $0 }.flatMap { try? codec.decode($0) }
            let outcome: LevelStatistics.Outcome =
                switch answer {
                case .none: .error
                case .some(.none): .miss
                case .some(.some): decoded == nil ? .error : .hit
                }
            record(\.l2, outcome, since: start)
            if let decoded { return decoded }
        }
        if let l3 {
            let start = clock.nanoseconds
            let bytes: [UInt8]?
            let outcome: LevelStatistics.Outcome
            do {
                bytes = try await l3.get(key)
                outcome = bytes == nil ? .miss : .hit
            } catch {
                bytes = nil
                outcome = .error
            }
            let value = bytes.flatMap { try? codec.decode($0) }
            record(\.l3, value == nil && outcome == .hit ? .error : outcome, since: start)
            if let value, let bytes {
                if promote { await storeInL2(key, bytes, onlyIfAbsent: true) }
                return value
            }
        }
        let value: Value
        do {
            value = try await loader(key)
            counters.withLock { $0.loads += 1 }
        } catch {
            counters.withLock {
                $0.loads += 1
                $0.loadFailures += 1
            }
            throw error
        }
        if promote, let bytes = try? codec.encode(value) { await fill(key, bytes) }
        return value
    }

    /// Writes a loaded value into L2 (only if absent) and L3.
    func fill(_ key: String, _ bytes: [UInt8]) async {
        await storeInL2(key, bytes, onlyIfAbsent: true)
        await storeInL3(key, bytes)
    }

    /// Writes `bytes` into L2, counting a failure.
    func storeInL2(_ key: String, _ bytes: [UInt8], onlyIfAbsent: Bool) async {
        guard let l2 else { return }
        if !(await l2.set(key, bytes, onlyIfAbsent: onlyIfAbsent)) { counters.withLock { $0.l2.writeErrors += 1 } }
    }

    /// Writes `bytes` into L3, counting a failure.
    func storeInL3(_ key: String, _ bytes: [UInt8]) async {
        guard let l3 else { return }
        do {
            try await l3.put(key, bytes, ttl: l3TTL)
        } catch {
            counters.withLock { $0.l3.writeErrors += 1 }
        }
    }

    private func record(_ level: WritableKeyPath<Counters, LevelStatistics>, _ outcome: LevelStatistics.Outcome, since start: Int64) {
        let elapsed = clock.nanoseconds - start
        counters.withLock { $0[keyPath: level].record(outcome, nanoseconds: elapsed) }
    }
}
