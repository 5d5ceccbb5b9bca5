/// The policy core of a runtime cache, held by its concrete type.
///
/// An existential `any CachePolicy` costs a hit a boxed, dynamically dispatched call; here each
/// built-in core sits in its own stored property and a switch on `kind` calls it directly, in
/// place (a force-unwrapped optional property is mutated without a copy). A core the application
/// wrote is the one existential, `custom`.
@usableFromInline
struct PolicyCore: CachePolicy {
    @usableFromInline
    enum Kind: UInt8 {
        case fifo, lru, clock, arc, slru, twoQ, s3fifo, sieve, wtinylfu, learned, custom
    }

    @usableFromInline let kind: Kind
    private var fifo: FIFOPolicy?
    private var lru: LRUPolicy?
    private var clock: CLOCKPolicy?
    private var arc: ARCPolicy?
    private var slru: SLRUPolicy?
    private var twoQ: TwoQPolicy?
    @usableFromInline var s3fifo: S3FIFOPolicy?
    private var sieve: SIEVEPolicy?
    private var wtinylfu: WTinyLFUPolicy?
    private var learned: LearnedPolicy?
    private var custom: (any CachePolicy)?

    /// Holds `core` by its concrete type when it is one of the built-in cores.
    init(_ core: sending any CachePolicy) {
        switch core {
        case let core as FIFOPolicy: (kind, fifo) = (.fifo, core)
        case let core as LRUPolicy: (kind, lru) = (.lru, core)
        case let core as CLOCKPolicy: (kind, clock) = (.clock, core)
        case let core as ARCPolicy: (kind, arc) = (.arc, core)
        case let core as SLRUPolicy: (kind, slru) = (.slru, core)
        case let core as TwoQPolicy: (kind, twoQ) = (.twoQ, core)
        case let core as S3FIFOPolicy: (kind, s3fifo) = (.s3fifo, core)
        case let core as SIEVEPolicy: (kind, sieve) = (.sieve, core)
        case let core as WTinyLFUPolicy: (kind, wtinylfu) = (.wtinylfu, core)
        case let core as LearnedPolicy: (kind, learned) = (.learned, core)
        default: (kind, custom) = (.custom, core)
        }
    }

    @usableFromInline var capacity: Int {
        switch kind {
        case .fifo: fifo!.capacity
        case .lru: lru!.capacity
        case .clock: clock!.capacity
        case .arc: arc!.capacity
        case .slru: slru!.capacity
        case .twoQ: twoQ!.capacity
        case .s3fifo: s3fifo!.capacity
        case .sieve: sieve!.capacity
        case .wtinylfu: wtinylfu!.capacity
        case .learned: learned!.capacity
        case .custom: custom!.capacity
        }
    }

    @usableFromInline var used: Int {
        switch kind {
        case .fifo: fifo!.used
        case .lru: lru!.used
        case .clock: clock!.used
        case .arc: arc!.used
        case .slru: slru!.used
        case .twoQ: twoQ!.used
        case .s3fifo: s3fifo!.used
        case .sieve: sieve!.used
        case .wtinylfu: wtinylfu!.used
        case .learned: learned!.used
        case .custom: custom!.used
        }
    }

    @usableFromInline var residentCount: Int {
        switch kind {
        case .fifo: fifo!.residentCount
        case .lru: lru!.residentCount
        case .clock: clock!.residentCount
        case .arc: arc!.residentCount
        case .slru: slru!.residentCount
        case .twoQ: twoQ!.residentCount
        case .s3fifo: s3fifo!.residentCount
        case .sieve: sieve!.residentCount
        case .wtinylfu: wtinylfu!.residentCount
        case .learned: learned!.residentCount
        case .custom: custom!.residentCount
        }
    }

    @usableFromInline func contains(_ id: ObjectID) -> Bool {
        switch kind {
        case .fifo: fifo!.contains(id)
        case .lru: lru!.contains(id)
        case .clock: clock!.contains(id)
        case .arc: arc!.contains(id)
        case .slru: slru!.contains(id)
        case .twoQ: twoQ!.contains(id)
        case .s3fifo: s3fifo!.contains(id)
        case .sieve: sieve!.contains(id)
        case .wtinylfu: wtinylfu!.contains(id)
        case .learned: learned!.contains(id)
        case .custom: custom!.contains(id)
        }
    }

    /// A hit's call: inlined into the embedder's `get` for the default policy, one call for the others.
    @inlinable @inline(__always)
    mutating func access(_ id: ObjectID, now: Int) -> Bool {
        if kind == .s3fifo { return s3fifo!.access(id, now: now) }
        return accessOther(id, now: now)
    }

    @usableFromInline mutating func accessOther(_ id: ObjectID, now: Int) -> Bool {
        switch kind {
        case .fifo: return fifo!.access(id, now: now)
        case .lru: return lru!.access(id, now: now)
        case .clock: return clock!.access(id, now: now)
        case .arc: return arc!.access(id, now: now)
        case .slru: return slru!.access(id, now: now)
        case .twoQ: return twoQ!.access(id, now: now)
        case .s3fifo: return s3fifo!.access(id, now: now)
        case .sieve: return sieve!.access(id, now: now)
        case .wtinylfu: return wtinylfu!.access(id, now: now)
        case .learned: return learned!.access(id, now: now)
        case .custom: return custom!.access(id, now: now)
        }
    }

    @usableFromInline mutating func insert(_ id: ObjectID, weight: Int, now: Int, evicted: (ObjectID) -> Void) -> Bool {
        switch kind {
        case .fifo: return fifo!.insert(id, weight: weight, now: now, evicted: evicted)
        case .lru: return lru!.insert(id, weight: weight, now: now, evicted: evicted)
        case .clock: return clock!.insert(id, weight: weight, now: now, evicted: evicted)
        case .arc: return arc!.insert(id, weight: weight, now: now, evicted: evicted)
        case .slru: return slru!.insert(id, weight: weight, now: now, evicted: evicted)
        case .twoQ: return twoQ!.insert(id, weight: weight, now: now, evicted: evicted)
        case .s3fifo: return s3fifo!.insert(id, weight: weight, now: now, evicted: evicted)
        case .sieve: return sieve!.insert(id, weight: weight, now: now, evicted: evicted)
        case .wtinylfu: return wtinylfu!.insert(id, weight: weight, now: now, evicted: evicted)
        case .learned: return learned!.insert(id, weight: weight, now: now, evicted: evicted)
        case .custom: return custom!.insert(id, weight: weight, now: now, evicted: evicted)
        }
    }

    @usableFromInline mutating func remove(_ id: ObjectID) {
        switch kind {
        case .fifo: fifo!.remove(id)
        case .lru: lru!.remove(id)
        case .clock: clock!.remove(id)
        case .arc: arc!.remove(id)
        case .slru: slru!.remove(id)
        case .twoQ: twoQ!.remove(id)
        case .s3fifo: s3fifo!.remove(id)
        case .sieve: sieve!.remove(id)
        case .wtinylfu: wtinylfu!.remove(id)
        case .learned: learned!.remove(id)
        case .custom: custom!.remove(id)
        }
    }

    @usableFromInline mutating func forget(_ id: ObjectID) {
        switch kind {
        case .fifo: fifo!.forget(id)
        case .lru: lru!.forget(id)
        case .clock: clock!.forget(id)
        case .arc: arc!.forget(id)
        case .slru: slru!.forget(id)
        case .twoQ: twoQ!.forget(id)
        case .s3fifo: s3fifo!.forget(id)
        case .sieve: sieve!.forget(id)
        case .wtinylfu: wtinylfu!.forget(id)
        case .learned: learned!.forget(id)
        case .custom: custom!.forget(id)
        }
    }
}
