/// Per-object state of a policy core, one 16-byte slot (14 bytes and padding) per `ObjectID`.
///
/// Everything a request touches for one object (its queue links, which queue it is on, its
/// weight and a small counter) sits in one slot, so a hit costs a few cache lines and no hashing.
/// An object is on at most one queue at a time; queues are threaded through `prev`/`next`.
@usableFromInline
struct Node: Sendable {
    /// Neighbour towards the queue's head (newer), or `NodeTable.none`.
    @usableFromInline var prev: UInt32
    /// Neighbour towards the queue's tail (older), or `NodeTable.none`.
    @usableFromInline var next: UInt32
    /// The object's weight (1, or its size in bytes); kept while the object is a ghost.
    @usableFromInline var weight: UInt32
    /// Which of the policy's queues holds the object; `NodeTable.absent` when none.
    @usableFromInline var queue: UInt8
    /// A policy's small per-object counter (reference bit or access count).
    @usableFromInline var bits: UInt8

    static let empty = Node(prev: NodeTable.none, next: NodeTable.none, weight: 0, queue: NodeTable.absent, bits: 0)
}

/// The two ends of one queue threaded through a `NodeTable`, with its population.
///
/// The head is the newest (most recently inserted or promoted) end, the tail the oldest.
struct QueueEnds {
    var head: UInt32 = NodeTable.none
    var tail: UInt32 = NodeTable.none
    /// Number of objects on the queue.
    var count: Int = 0
    /// Sum of their weights.
    var weight: Int = 0

    init() {}

    var isEmpty: Bool { count == 0 }
}

/// Dense per-object slots indexed by `ObjectID`, growing when a larger identifier arrives.
@usableFromInline
struct NodeTable {
    /// "No neighbour": the end of a queue.
    static let none: UInt32 = .max
    /// The `queue` value of an object the policy holds nothing about (computed: read by the
    /// hit inlined into an embedder's module).
    @inlinable static var absent: UInt8 { 0 }

    @usableFromInline var nodes: [Node]

    init(expectedIDs: Int) {
        nodes = [Node](repeating: .empty, count: max(expectedIDs, 0))
    }

    /// The queue holding `id`, or `absent` (also for identifiers never seen).
    @inlinable @inline(__always)
    func queue(of id: ObjectID) -> UInt8 {
        let index = Int(id)
        return index < nodes.count ? nodes[index].queue : NodeTable.absent
    }

    /// Makes room for `id`, doubling so that growth is amortised O(1).
    @inline(__always)
    mutating func reserve(_ id: ObjectID) {
        precondition(id != NodeTable.none, "ObjectID.max is reserved")
        if Int(id) >= nodes.count { grow(to: Int(id) + 1) }
    }

    mutating func grow(to minimum: Int) {
        let target = max(minimum, nodes.count * 2, 1024)
        nodes.append(contentsOf: repeatElement(Node.empty, count: target - nodes.count))
    }

    /// Puts `id` at the head of `queue`, tagging it with `tag`.
    /// - Complexity: O(1).
    @inline(__always)
    mutating func pushHead(_ id: ObjectID, tag: UInt8, onto queue: inout QueueEnds) {
        let index = Int(id)
        nodes[index].prev = NodeTable.none
        nodes[index].next = queue.head
        nodes[index].queue = tag
        if queue.head != NodeTable.none { nodes[Int(queue.head)].prev = id } else { queue.tail = id }
        queue.head = id
        queue.count += 1
        queue.weight += Int(nodes[index].weight)
    }

    /// Puts an evicted `id` at the head of a ghost `queue` bounded to `capacity` weight, dropping the
    /// oldest ghosts to make room (the history ARC-style policies consult on a miss). An object
    /// heavier than the whole ghost capacity is not remembered.
    /// - Complexity: O(1) amortised.
    mutating func remember(_ id: ObjectID, tag: UInt8, onto queue: inout QueueEnds, capacity: Int) {
        let weight = Int(nodes[Int(id)].weight)
        guard weight <= capacity else { return }
        while queue.weight + weight > capacity { unlink(queue.tail, from: &queue) }
        pushHead(id, tag: tag, onto: &queue)
    }

    /// Takes `id` off `queue` and marks it absent; its weight and bits stay.
    /// - Complexity: O(1).
    @inline(__always)
    mutating func unlink(_ id: ObjectID, from queue: inout QueueEnds) {
        let index = Int(id)
        let prev = nodes[index].prev
        let next = nodes[index].next
        if prev != NodeTable.none { nodes[Int(prev)].next = next } else { queue.head = next }
        if next != NodeTable.none { nodes[Int(next)].prev = prev } else { queue.tail = prev }
        nodes[index].queue = NodeTable.absent
        queue.count -= 1
        queue.weight -= Int(nodes[index].weight)
    }

    /// Moves `id`, already on `queue`, to its head.
    /// - Complexity: O(1).
    @inline(__always)
    mutating func moveToHead(_ id: ObjectID, in queue: inout QueueEnds) {
        guard queue.head != id else { return }
        let index = Int(id)
        let prev = nodes[index].prev
        let next = nodes[index].next
        // Not the head, so `prev` exists.
        nodes[Int(prev)].next = next
        if next != NodeTable.none { nodes[Int(next)].prev = prev } else { queue.tail = prev }
        nodes[index].prev = NodeTable.none
        nodes[index].next = queue.head
        nodes[Int(queue.head)].prev = id
        queue.head = id
    }

    /// Moves `id` from `queue` to the head of `target`, retagging it.
    @inline(__always)
    mutating func transfer(_ id: ObjectID, from queue: inout QueueEnds, to target: inout QueueEnds, tag: UInt8) {
        unlink(id, from: &queue)
        pushHead(id, tag: tag, onto: &target)
    }
}
