extension CacheEngine {
    /// A miss with no load in flight: counts it, marks the key loading and suggests prefetches.
    @usableFromInline
    mutating func beginLoad(_ key: Keys.Key, size: UInt32?, at time: CacheTime) -> Lookup {
        let id = intern(key)
        // Resident here means expired: the request finds it gone.
        if slots.isResident(id) { expire(id) }
        let requestTime = tick()
        _ = policy.access(id, now: requestTime)
        stats.misses += 1
        stats.loads += 1
        // The size is not known until the value is loaded; `admit` notes it.
        if recordsHistory { history.record(id, now: requestTime, size: size ?? 1) }
        let ticket = markLoading(id, isPrefetch: false, requested: true)
        return .load(ticket, prefetches: suggestPrefetches(after: id, requestTime: requestTime))
    }

    /// Starts a load of `id` in its slot.
    mutating func markLoading(_ id: ObjectID, isPrefetch: Bool, requested: Bool) -> LoadTicket {
        slots.reserve(id)
        let index = Int(id)
        slots.slots[index].loadSerial &+= 1
        slots.slots[index].flags.subtract([.prefetchLoad, .requested, .stale])
        slots.slots[index].flags.insert(.loading)
        if isPrefetch {
            slots.slots[index].flags.insert(.prefetchLoad)
            prefetchesInFlight += 1
        }
        if requested { slots.slots[index].flags.insert(.requested) }
        stats.loadsInFlight += 1
        return LoadTicket(id: id, serial: slots.slots[index].loadSerial, isPrefetch: isPrefetch)
    }

    /// A request that missed on its first look, now registering to wait: served if it has become
    /// a hit, else `waiter` joins the key's load, which starts (to run as `launches`) when none is
    /// in flight.
    /// - Parameter isCancelled: whether the caller's task is cancelled, checked under the lock:
    ///   a cancellation handler that ran before found no waiter, one that runs after will.
    /// - Returns: the answer when it is already known (a hit, or cancellation), and the loads to
    ///   start.
    package mutating func join(
        _ key: Keys.Key, token: UInt64, waiter: Waiter, isCancelled: Bool, at time: CacheTime
    ) -> (answer: Result<Value, any Error>?, launches: [LoadLaunch<Keys.Key>]) {
        if isCancelled { return (.failure(CancellationError()), []) }
        if let id = keys.id(of: key), slots.isFresh(id, at: time) {
            let value = serveHit(id, size: nil, at: time)
            return (.success(value), suggestPrefetches(after: id, requestTime: latestRequest))
        }
        guard let id = keys.id(of: key), slots.isLoading(id) else {
            // The load ended between the first look and now: start one and wait for it.
            guard case .load(let ticket, let prefetches) = beginLoad(key, size: nil, at: time) else {
                preconditionFailure("a miss starts a load")
            }
            enqueue(waiter, token: token, on: ticket.id)
            return (nil, [LoadLaunch(ticket: ticket, key: key)] + prefetches)
        }
        if slots.isResident(id) { expire(id) }
        let requestTime = tick()
        _ = policy.access(id, now: requestTime)
        stats.misses += 1
        stats.coalescedWaits += 1
        if recordsHistory { history.record(id, now: requestTime, size: 1) }
        let flags = slots.slots[Int(id)].flags
        if flags.contains(.prefetchLoad), !flags.contains(.requested) { stats.prefetchesLate += 1 }
        slots.slots[Int(id)].flags.insert(.requested)
        enqueue(waiter, token: token, on: id)
        return (nil, suggestPrefetches(after: id, requestTime: requestTime))
    }

    private mutating func enqueue(_ waiter: Waiter, token: UInt64, on id: ObjectID) {
        waiters[id, default: []].append((token, waiter))
        waitingOn[token] = id
    }

    /// Stops a waiting caller from waiting; its load goes on.
    /// - Returns: the caller's waiter, to answer with `CancellationError`, or `nil` when it is not
    ///   waiting (already answered, or not yet registered).
    package mutating func cancelWait(_ token: UInt64) -> Waiter? {
        guard let id = waitingOn.removeValue(forKey: token),
            let index = waiters[id]?.firstIndex(where: { $0.token == token })
        else { return nil }
        stats.cancelledWaits += 1
        return waiters[id]!.remove(at: index).waiter
    }

    /// What became of a finished load.
    @usableFromInline
    package enum LoadFinish {
        /// The outcome answers these waiters.
        case answered([Waiter])
        /// The loading caller was cancelled and failed while others wait: this load takes over.
        case handedOver(LoadLaunch<Keys.Key>)
        /// Another load replaced this one (handed over earlier); the outcome answers only the
        /// caller that ran it.
        case superseded
    }

    /// Ends a load: caches its value unless the key changed meanwhile.
    /// - Parameters:
    ///   - outcome: the loader's value or error.
    ///   - weight: the value's weight, at least 1 (ignored on failure).
    ///   - ownerCancelled: whether the task that ran the loader was cancelled: its failure is
    ///     then its own, and the waiters get a new load instead.
    package mutating func finishLoad(
        _ ticket: LoadTicket, outcome: Result<Value, any Error>, weight: Int, ownerCancelled: Bool = false, at time: CacheTime
    ) -> LoadFinish {
        let id = ticket.id
        let index = Int(id)
        guard index < slots.span, slots.slots[index].flags.contains(.loading), slots.slots[index].loadSerial == ticket.serial else {
            return .superseded
        }
        if ownerCancelled, case .failure = outcome, waiters[id]?.isEmpty == false, let launch = handOver(ticket) {
            return .handedOver(launch)
        }
        let flags = slots.slots[index].flags
        slots.slots[index].flags.subtract([.loading, .prefetchLoad, .requested, .stale])
        stats.loadsInFlight -= 1
        if ticket.isPrefetch { prefetchesInFlight -= 1 }
        switch outcome {
        case .success(let value):
            if ticket.isPrefetch { stats.prefetchesCompleted += 1 } else { stats.loadSuccesses += 1 }
            // A resident id here was put while loading (the load is stale then): keep the put.
            if !flags.contains(.stale), !slots.isResident(id) {
                admit(id, value: value, weight: weight, at: time, prefetched: !flags.contains(.requested))
            }
        case .failure:
            if ticket.isPrefetch { stats.prefetchesFailed += 1 } else { stats.loadFailures += 1 }
        }
        let answered = waiters.removeValue(forKey: id) ?? []
        for waiter in answered { waitingOn[waiter.token] = nil }
        settle(id)
        // A closure, not a key path: in this generic code a key path is instantiated (its types
        // demangled) on every call.
        return .answered(answered.map { $0.waiter })
    }

    /// Hands the load of `ticket` to a new load when others wait on it (its caller was cancelled).
    /// - Returns: the new load to start, or `nil` when nobody else waits (the caller's own load
    ///   goes on) or the load already ended.
    package mutating func handOver(_ ticket: LoadTicket) -> LoadLaunch<Keys.Key>? {
        let index = Int(ticket.id)
        guard index < slots.span, slots.slots[index].flags.contains(.loading), slots.slots[index].loadSerial == ticket.serial,
            waiters[ticket.id]?.isEmpty == false, let key = keys.key(of: ticket.id)
        else { return nil }
        slots.slots[index].loadSerial &+= 1
        return LoadLaunch(ticket: LoadTicket(id: ticket.id, serial: slots.slots[index].loadSerial, isPrefetch: ticket.isPrefetch), key: key)
    }
}
