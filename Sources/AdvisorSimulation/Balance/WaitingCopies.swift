/// The request copies waiting for a slot at each simulated backend, first come first served.
///
/// One singly linked list per backend, its nodes in flat arrays shared by every backend and
/// recycled through a free list: after the first few thousand copies a run allocates nothing.
/// The queue knows nothing of cancellation: a copy the client gave up on stays in its list and the
/// simulation skips it when it comes to the front (lazy deletion), so cancelling costs O(1).
struct WaitingCopies {
    /// First and last node of each backend's list (−1 when empty).
    private var heads: [Int32] = []
    private var tails: [Int32] = []
    /// Per node: the next node in its list or in the free list (−1 at the end).
    private var next: [Int32] = []
    /// Per node: the copy waiting, and its service time (s), drawn when it was sent.
    private var copies: [Int32] = []
    private var services: [Double] = []
    /// First unused node (−1 when every node is in a list).
    private var free: Int32 = -1

    /// Empties every list, keeping the nodes' storage for the next run.
    mutating func reset(backends: Int) {
        heads = [Int32](repeating: -1, count: backends)
        tails = heads
        next.removeAll(keepingCapacity: true)
        copies.removeAll(keepingCapacity: true)
        services.removeAll(keepingCapacity: true)
        free = -1
    }

    /// Puts `copy` at the back of `backend`'s list.
    /// - Complexity: O(1), amortised over the growth of the node arrays.
    @inline(__always)
    mutating func append(_ copy: Int, service: Double, to backend: Int) {
        let node: Int32
        if free >= 0 {
            node = free
            free = next[Int(node)]
            next[Int(node)] = -1
            copies[Int(node)] = Int32(truncatingIfNeeded: copy)
            services[Int(node)] = service
        } else {
            node = Int32(truncatingIfNeeded: next.count)
            next.append(-1)
            copies.append(Int32(truncatingIfNeeded: copy))
            services.append(service)
        }
        let tail = tails[backend]
        if tail >= 0 { next[Int(tail)] = node } else { heads[backend] = node }
        tails[backend] = node
    }

    /// Takes the copy at the front of `backend`'s list, cancelled or not.
    /// - Returns: the copy and its service time (s), or nil when none waits.
    /// - Complexity: O(1).
    @inline(__always)
    mutating func removeFirst(of backend: Int) -> (copy: Int, service: Double)? {
        let node = heads[backend]
        guard node >= 0 else { return nil }
        let index = Int(node)
        heads[backend] = next[index]
        if next[index] < 0 { tails[backend] = -1 }
        next[index] = free
        free = node
        return (Int(copies[index]), services[index])
    }
}
