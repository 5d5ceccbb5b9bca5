/// Everything the engine knows about one id beside the policy core: the value, its weight, its
/// expiry, and the state of a load in flight. One slot per id, so a hit reads one slot.
@usableFromInline
struct EntrySlot<Value> {
    /// The resident value; `nil` when the id holds none.
    @usableFromInline var value: Value?
    /// When the entry expires (`CacheTime.never` for no expiry).
    @usableFromInline var deadline = CacheTime.never
    /// The earliest time the expiry queue will look at this slot (`never`: it will not).
    var queuedAt = CacheTime.never
    /// The resident entry's weight; 0 when not resident.
    @usableFromInline var weight = 0
    /// Counts the loads started for this id, so a load that was handed over to another task
    /// cannot finish the one that replaced it.
    var loadSerial: UInt32 = 0
    @usableFromInline var flags: EntryFlags = []

    @inlinable init() {}
}

/// The slots of every id, growing when a larger id arrives, with the totals of the resident ones.
@usableFromInline
struct EntrySlots<Value> {
    @usableFromInline var slots: [EntrySlot<Value>] = []
    /// Number of resident entries.
    private(set) var count = 0
    /// The most entries ever resident at once.
    private(set) var peakCount = 0
    /// Sum of the resident entries' weights.
    private(set) var totalWeight = 0

    init() {}

    /// Number of id slots the table has grown to.
    var span: Int { slots.count }

    /// Whether `id` holds a value whose deadline is after `time`: what a hit needs.
    @inlinable
    func isFresh(_ id: ObjectID, at time: CacheTime) -> Bool {
        let index = Int(id)
        return index < slots.count && slots[index].weight > 0 && time < slots[index].deadline
    }

    @usableFromInline
    func isResident(_ id: ObjectID) -> Bool {
        Int(id) < slots.count && slots[Int(id)].weight > 0
    }

    @inlinable
    func isLoading(_ id: ObjectID) -> Bool {
        Int(id) < slots.count && slots[Int(id)].flags.contains(.loading)
    }

    func weight(_ id: ObjectID) -> Int {
        Int(id) < slots.count ? slots[Int(id)].weight : 0
    }

    /// Makes room for `id`, doubling so that growth is amortised O(1).
    mutating func reserve(_ id: ObjectID) {
        let index = Int(id)
        guard index >= slots.count else { return }
        slots.append(contentsOf: repeatElement(EntrySlot(), count: max(index + 1, slots.count * 2) - slots.count))
    }

    /// Stores a value for `id`, replacing any value it held.
    /// - Parameter weight: at least 1 (weight 0 marks an empty slot).
    mutating func store(_ id: ObjectID, value: Value, weight: Int, prefetched: Bool) {
        reserve(id)
        let index = Int(id)
        if slots[index].weight == 0 {
            count += 1
            peakCount = max(peakCount, count)
        }
        totalWeight += weight - slots[index].weight
        slots[index].value = value
        slots[index].weight = weight
        if prefetched { slots[index].flags.insert(.unusedPrefetch) } else { slots[index].flags.remove(.unusedPrefetch) }
    }

    /// Records that a request used the entry.
    /// - Returns: whether the entry was an unused prefetch until now.
    /// A hit only reads the flag; it writes only the first time a prefetch is used.
    @inlinable @inline(__always)
    mutating func markRequested(_ id: ObjectID) -> Bool {
        guard slots[Int(id)].flags.contains(.unusedPrefetch) else { return false }
        slots[Int(id)].flags.remove(.unusedPrefetch)
        return true
    }

    /// Empties the slot of a resident entry.
    /// - Returns: whether the entry was a prefetch nobody used (a wasted prefetch).
    mutating func clear(_ id: ObjectID) -> Bool {
        let index = Int(id)
        count -= 1
        totalWeight -= slots[index].weight
        slots[index].value = nil
        slots[index].weight = 0
        slots[index].deadline = .never
        slots[index].queuedAt = .never
        return slots[index].flags.remove(.unusedPrefetch) != nil
    }

    /// The resident ids, in id order.
    var residentIDs: [ObjectID] {
        slots.indices.compactMap { slots[$0].weight > 0 ? ObjectID($0) : nil }
    }
}

/// The per-slot facts besides the value, as bits. The flags are computed, not stored statics,
/// so the inlined hit path reads them without a lazy-initialisation check.
@usableFromInline
struct EntryFlags: OptionSet, Sendable {
    @usableFromInline let rawValue: UInt8
    @inlinable init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The entry was prefetched and no request has asked for it since.
    @inlinable static var unusedPrefetch: EntryFlags { EntryFlags(rawValue: 1) }
    /// A load is in flight.
    @inlinable static var loading: EntryFlags { EntryFlags(rawValue: 2) }
    /// The load in flight is a prefetch (it counts against the prefetch limit).
    @inlinable static var prefetchLoad: EntryFlags { EntryFlags(rawValue: 4) }
    /// A request asked for the key while it loaded: a prefetch that was asked for is late,
    /// and its value is stored as requested.
    @inlinable static var requested: EntryFlags { EntryFlags(rawValue: 8) }
    /// The key was put or invalidated while loading: the load answers its waiters but is not
    /// cached, since it may predate the change.
    @inlinable static var stale: EntryFlags { EntryFlags(rawValue: 16) }
}
