/// The resident values of a runtime cache, in arrays indexed by `ObjectID`.
///
/// The policy core decides who stays; this table holds what the application gets back and the
/// per-entry facts the policy does not track: weight, expiry deadline, and whether the entry was
/// prefetched and not yet asked for.
@usableFromInline
struct EntryTable<Value> {
    /// An expiry deadline that is never reached.
    static var never: Int64 { .max }

    @usableFromInline var values: [Value?] = []
    @usableFromInline var weights: [Int] = []
    @usableFromInline var deadlines: [Int64] = []
    @usableFromInline var unusedPrefetch: [Bool] = []
    /// Number of resident entries.
    private(set) var count = 0
    /// The most entries ever resident at once.
    private(set) var peakCount = 0
    /// Sum of the resident entries' weights.
    private(set) var totalWeight = 0

    /// Number of id slots the table has grown to.
    var span: Int { values.count }

    /// Whether `id` holds a value.
    @inlinable
    func isResident(_ id: ObjectID) -> Bool {
        Int(id) < weights.count && weights[Int(id)] > 0
    }

    /// The value of a resident entry.
    @inlinable
    func value(_ id: ObjectID) -> Value {
        guard let value = values[Int(id)] else { preconditionFailure("id \(id) is not resident") }
        return value
    }

    /// The weight of a resident entry (0 when not resident).
    func weight(_ id: ObjectID) -> Int {
        Int(id) < weights.count ? weights[Int(id)] : 0
    }

    /// Whether a resident entry's deadline has passed at `time` (nanoseconds on the cache's clock).
    @inlinable
    func isExpired(_ id: ObjectID, at time: Int64) -> Bool {
        deadlines[Int(id)] <= time
    }

    /// Whether a resident entry was prefetched and nobody has asked for it since.
    func isUnusedPrefetch(_ id: ObjectID) -> Bool {
        unusedPrefetch[Int(id)]
    }

    /// Stores a value for `id`, replacing any value it held.
    /// - Parameter weight: at least 1 (weight 0 marks an empty slot).
    mutating func store(_ id: ObjectID, value: Value, weight: Int, deadline: Int64, prefetched: Bool) {
        precondition(weight > 0, "an entry weighs at least 1")
        let index = Int(id)
        if index >= values.count {
            let grown = max(index + 1, values.count * 2)
            values.append(contentsOf: repeatElement(nil, count: grown - values.count))
            weights.append(contentsOf: repeatElement(0, count: grown - weights.count))
            deadlines.append(contentsOf: repeatElement(Self.never, count: grown - deadlines.count))
            unusedPrefetch.append(contentsOf: repeatElement(false, count: grown - unusedPrefetch.count))
        }
        if weights[index] == 0 {
            count += 1
            peakCount = max(peakCount, count)
        }
        totalWeight += weight - weights[index]
        values[index] = value
        weights[index] = weight
        deadlines[index] = deadline
        unusedPrefetch[index] = prefetched
    }

    /// Moves a resident entry's expiry deadline.
    mutating func setDeadline(_ id: ObjectID, _ deadline: Int64) {
        deadlines[Int(id)] = deadline
    }

    /// Records that a request used a prefetched entry.
    /// - Returns: whether the entry was an unused prefetch until now.
    @inlinable
    mutating func markRequested(_ id: ObjectID) -> Bool {
        defer { unusedPrefetch[Int(id)] = false }
        return unusedPrefetch[Int(id)]
    }

    /// Empties the slot of a resident entry.
    /// - Returns: whether the entry was a prefetch nobody used (a wasted prefetch).
    mutating func clear(_ id: ObjectID) -> Bool {
        let index = Int(id)
        precondition(weights[index] > 0, "id \(id) is not resident")
        count -= 1
        totalWeight -= weights[index]
        values[index] = nil
        weights[index] = 0
        deadlines[index] = Self.never
        defer { unusedPrefetch[index] = false }
        return unusedPrefetch[index]
    }

    /// The resident ids, in id order.
    var residentIDs: [ObjectID] {
        weights.indices.compactMap { weights[$0] > 0 ? ObjectID($0) : nil }
    }
}
