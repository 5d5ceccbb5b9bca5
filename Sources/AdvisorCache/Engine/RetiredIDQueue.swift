/// Identifiers whose keys left the cache but are still remembered, oldest first.
///
/// An intrusive doubly linked list threaded through arrays indexed by id: an id whose key comes
/// back is unlinked in O(1), and retiring an id allocates nothing once the arrays have grown.
@usableFromInline
struct RetiredIDQueue {
    private static var none: ObjectID { .max }

    private var previous: [ObjectID] = []
    private var next: [ObjectID] = []
    private var isLinked: [Bool] = []
    private var head: ObjectID = none
    private var tail: ObjectID = none
    /// Number of ids in the queue.
    @usableFromInline private(set) var count = 0

    /// Whether `id` is in the queue.
    @usableFromInline
    func contains(_ id: ObjectID) -> Bool {
        Int(id) < isLinked.count && isLinked[Int(id)]
    }

    /// Appends `id`, which must not be in the queue, as the newest.
    /// - Complexity: O(1) amortised.
    @usableFromInline
    mutating func append(_ id: ObjectID) {
        let index = Int(id)
        if index >= isLinked.count {
            let grown = max(index + 1, isLinked.count * 2)
            previous.append(contentsOf: repeatElement(Self.none, count: grown - previous.count))
            next.append(contentsOf: repeatElement(Self.none, count: grown - next.count))
            isLinked.append(contentsOf: repeatElement(false, count: grown - isLinked.count))
        }
        precondition(!isLinked[index], "id \(id) is already retired")
        isLinked[index] = true
        previous[index] = tail
        next[index] = Self.none
        if tail == Self.none { head = id } else { next[Int(tail)] = id }
        tail = id
        count += 1
    }

    /// Unlinks `id` if it is in the queue.
    /// - Complexity: O(1).
    @usableFromInline
    mutating func remove(_ id: ObjectID) {
        guard contains(id) else { return }
        let index = Int(id)
        let before = previous[index]
        let after = next[index]
        if before == Self.none { head = after } else { next[Int(before)] = after }
        if after == Self.none { tail = before } else { previous[Int(after)] = before }
        isLinked[index] = false
        count -= 1
    }

    /// Removes and returns the oldest id, or `nil` when the queue is empty.
    /// - Complexity: O(1).
    @usableFromInline
    mutating func popFirst() -> ObjectID? {
        guard head != Self.none else { return nil }
        let oldest = head
        remove(oldest)
        return oldest
    }
}
