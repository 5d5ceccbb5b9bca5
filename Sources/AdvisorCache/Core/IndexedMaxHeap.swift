/// A binary max-heap of object identifiers keyed by an `Int32`, with each member's position kept
/// per identifier so a key can change or a member leave in O(log n).
struct IndexedMaxHeap {
    private var heap: [ObjectID] = []
    /// Position of each identifier in `heap`, or `absent`.
    private var position: [UInt32]
    private var key: [Int32]
    private static let absent = UInt32.max

    init(expectedIDs: Int) {
        position = [UInt32](repeating: Self.absent, count: max(expectedIDs, 0))
        key = [Int32](repeating: 0, count: max(expectedIDs, 0))
    }

    var count: Int { heap.count }

    /// The member with the largest key.
    var top: ObjectID? { heap.first }

    @inline(__always)
    func contains(_ id: ObjectID) -> Bool {
        Int(id) < position.count && position[Int(id)] != Self.absent
    }

    /// Adds a non-member.
    /// - Complexity: O(log n).
    mutating func insert(_ id: ObjectID, key newKey: Int32) {
        if Int(id) >= position.count {
            let size = max(Int(id) + 1, position.count * 2, 1024)
            position.append(contentsOf: repeatElement(Self.absent, count: size - position.count))
            key.append(contentsOf: repeatElement(0, count: size - key.count))
        }
        key[Int(id)] = newKey
        heap.append(id)
        position[Int(id)] = UInt32(heap.count - 1)
        siftUp(heap.count - 1)
    }

    /// Changes a member's key.
    /// - Complexity: O(log n).
    mutating func update(_ id: ObjectID, key newKey: Int32) {
        let old = key[Int(id)]
        key[Int(id)] = newKey
        let at = Int(position[Int(id)])
        if newKey > old { siftUp(at) } else { siftDown(at) }
    }

    /// Takes a member out.
    /// - Complexity: O(log n).
    mutating func remove(_ id: ObjectID) {
        let at = Int(position[Int(id)])
        let last = heap.removeLast()
        position[Int(id)] = Self.absent
        guard at < heap.count else { return }
        heap[at] = last
        position[Int(last)] = UInt32(at)
        siftUp(at)
        siftDown(Int(position[Int(last)]))
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        let id = heap[child]
        let childKey = key[Int(id)]
        while child > 0 {
            let parent = (child - 1) / 2
            let parentID = heap[parent]
            guard key[Int(parentID)] < childKey else { break }
            heap[child] = parentID
            position[Int(parentID)] = UInt32(child)
            child = parent
        }
        heap[child] = id
        position[Int(id)] = UInt32(child)
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let id = heap[parent]
        let parentKey = key[Int(id)]
        while true {
            var largest = 2 * parent + 1
            guard largest < heap.count else { break }
            if largest + 1 < heap.count, key[Int(heap[largest + 1])] > key[Int(heap[largest])] { largest += 1 }
            guard key[Int(heap[largest])] > parentKey else { break }
            heap[parent] = heap[largest]
            position[Int(heap[parent])] = UInt32(parent)
            parent = largest
        }
        heap[parent] = id
        position[Int(id)] = UInt32(parent)
    }
}
