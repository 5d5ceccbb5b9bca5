/// A load in flight for one key, and the `get`s waiting for it.
struct PendingLoad<Value: Sendable> {
    typealias Continuation = CheckedContinuation<Value, any Error>

    /// Waiting callers, by the token their cancellation handler uses to find them.
    var waiters: [(token: UInt64, continuation: Continuation)] = []
    /// Whether a prefetch started the load (it then counts against the prefetch limit).
    let isPrefetch: Bool
    /// Whether any `get` asked for the key while it loaded; a prefetch that was asked for is
    /// late, and its value is stored as requested rather than as an unused prefetch.
    var wasRequested: Bool
    /// Whether the key was invalidated or overwritten while loading: the result still answers
    /// the waiters but is not cached, since it may predate the change.
    var isStale = false

    /// Adds a waiting `get`.
    /// - Returns: whether this makes a prefetch late (the first `get` to ask for it).
    mutating func join(token: UInt64, continuation: Continuation) -> Bool {
        defer { wasRequested = true }
        waiters.append((token, continuation))
        return isPrefetch && !wasRequested
    }

    /// Removes the waiter holding `token`.
    /// - Returns: its continuation, or `nil` when it is not waiting here.
    mutating func leave(token: UInt64) -> Continuation? {
        guard let index = waiters.firstIndex(where: { $0.token == token }) else { return nil }
        return waiters.remove(at: index).continuation
    }
}

/// A load the cache decided to start, to be run outside the lock.
@usableFromInline
struct LoadLaunch<Key: Sendable>: Sendable {
    let id: ObjectID
    let key: Key
    let isPrefetch: Bool
}
