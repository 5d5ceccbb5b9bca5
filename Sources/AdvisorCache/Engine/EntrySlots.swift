/// Everything the engine knows about one id beside the policy core: the value, its weight, its
/// expiry, and the state of a load in flight. One slot per id, so a hit reads one slot.
///
/// The fields are declared in this order so that the small ones fill the padding after the
/// value: with a word-sized value a slot is 32 bytes, so slots never straddle a cache line and
/// 1,000 of them fit in a core's L1 cache. (What the expiry queue knows lives apart, in
/// `EntrySlots.queuedAt`: a hit never reads it.)
@usableFromInline
struct EntrySlot<Value> {
    /// The resident value; `nil` when the id holds none.
    @usableFromInline var value: Value?
    @usableFromInline var flags: EntryFlags = []
    /// Counts the loads started for this id, so a load that was handed over to another task
    /// cannot finish the one that replaced it.
    @usableFromInline var loadSerial: UInt32 = 0
    /// The resident entry's weight; 0 when not resident. 32 bits, as in the policy cores' tables.
    @usableFromInline var storedWeight: UInt32 = 0
    /// When the entry expires (`CacheTime.never` for no expiry).
    @usableFromInline var deadline = CacheTime.never

    @inlinable init() {}

    /// The resident entry's weight; 0 when not resident.
    @inlinable var weight: Int {
        get { Int(storedWeight) }
        set { storedWeight = UInt32(newValue) }
    }
}

/// The slots of every id, growing when a larger id arrives, with the totals of the resident ones.
@usableFromInline
struct EntrySlots<Value> {
    @usableFromInline var slots: [EntrySlot<Value>] = []
    /// Per id, the earliest time the expiry queue will look at its slot (`never`: it will not).
    @usableFromInline var queuedAt: [CacheTime] = []
    /// Number of resident entries.
    @usableFromInline var count = 0
    /// The most entries ever resident at once.
    @usableFromInline var peakCount = 0
    /// Sum of the resident entries' weights.
    @usableFromInline var totalWeight = 0

    init() {}

    /// Number of id slots the table has grown to.
    @inlinable var span: Int { slots.count }

    /// Whether `id` holds a value whose deadline is after `time`: what a hit needs.
    @inlinable
    func isFresh(_ id: ObjectID, at time: CacheTime) -> Bool {
        let index = Int(id)
        return index < slots.count && slots[index].weight > 0 && time < slots[index].deadline
    }

    @inlinable
    func isResident(_ id: ObjectID) -> Bool {
        Int(id) < slots.count && slots[Int(id)].weight > 0
    }

    @inlinable
    func isLoading(_ id: ObjectID) -> Bool {
        Int(id) < slots.count && slots[Int(id)].flags.contains(.loading)
    }

    @inlinable
    func weight(_ id: ObjectID) -> Int {
        Int(id) < slots.count ? slots[Int(id)].weight : 0
    }

    /// Makes room for `id`, doubling so that growth is amortised O(1).
    @inlinable
    mutating func reserve(_ id: ObjectID) {
        let index = Int(id)
        guard index >= slots.count else { return }
        let added = max(index + 1, slots.count * 2) - slots.count
        slots.append(contentsOf: repeatElement(EntrySlot(), count: added))
        queuedAt.append(contentsOf: repeatElement(CacheTime.never, count: added))
    }

    /// Stores a value for `id`, replacing any value it held.
    /// - Parameter weight: at least 1 (weight 0 marks an empty slot).
    @inlinable
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
    @inlinable
    mutating func clear(_ id: ObjectID) -> Bool {
        let index = Int(id)
        count -= 1
        totalWeight -= slots[index].weight
        slots[index].value = nil
        slots[index].weight = 0
        slots[index].deadline = .never
        queuedAt[index] = .never
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
