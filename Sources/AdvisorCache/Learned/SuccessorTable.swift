/// For each object, the two objects most often requested right after it: learned associations
/// in O(1) per request (Mithril's idea with a fixed two-slot budget per object).
///
/// Slots count how often each follower came next; a new follower takes the weaker slot once that
/// slot's count has been halved to zero, so stale associations fade (a Misra–Gries style sketch).
package struct SuccessorTable: Sendable {
    package struct Follower: Sendable, Equatable {
        package var id: ObjectID
        package var count: UInt16
    }

    private static let empty = ObjectID.max
    private var first: [Follower] = []
    private var second: [Follower] = []
    private var previous: ObjectID?

    package init(expectedObjects: Int = 0) {
        first.reserveCapacity(expectedObjects)
        second.reserveCapacity(expectedObjects)
    }

    /// Records that `id` was requested, right after the previously recorded object.
    /// - Complexity: O(1) amortised.
    package mutating func record(_ id: ObjectID) {
        defer { previous = id }
        guard let previous, previous != id else { return }
        let index = Int(previous)
        if index >= first.count { grow(to: index + 1) }
        if first[index].id == id {
            first[index].count = saturatingIncrement(first[index].count)
        } else if second[index].id == id {
            second[index].count = saturatingIncrement(second[index].count)
            if second[index].count > first[index].count {
                let stronger = second[index]
                second[index] = first[index]
                first[index] = stronger
            }
        } else if first[index].id == Self.empty {
            first[index] = Follower(id: id, count: 1)
        } else if second[index].id == Self.empty || second[index].count == 0 {
            second[index] = Follower(id: id, count: 1)
        } else {
            second[index].count /= 2
        }
    }

    /// The followers of `id`, strongest first (zero, one or two).
    package func followers(of id: ObjectID) -> (Follower?, Follower?) {
        let index = Int(id)
        guard index < first.count else { return (nil, nil) }
        let a = first[index].id == Self.empty ? nil : first[index]
        let b = second[index].id == Self.empty || second[index].count == 0 ? nil : second[index]
        return (a, b)
    }

    /// Forgets `id`'s followers (the runtime reuses its identifier).
    package mutating func forget(_ id: ObjectID) {
        guard Int(id) < first.count else { return }
        first[Int(id)] = Follower(id: Self.empty, count: 0)
        second[Int(id)] = Follower(id: Self.empty, count: 0)
    }

    @inline(__always) private func saturatingIncrement(_ count: UInt16) -> UInt16 {
        count == UInt16.max ? count : count + 1
    }

    private mutating func grow(to count: Int) {
        let target = Swift.max(count, first.count * 2)
        let blank = Follower(id: Self.empty, count: 0)
        first.append(contentsOf: repeatElement(blank, count: target - first.count))
        second.append(contentsOf: repeatElement(blank, count: target - second.count))
    }
}
