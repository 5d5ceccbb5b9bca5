extension ClusterSimulation {
    /// What a heap event is, in the order events at the same time for the same request are handled.
    enum Kind: UInt8 {
        /// A copy's service ends by its deadline: it answers.
        case answered = 0
        // 1 is the request's deadline, which is not in the heap (see `Event.precedes(deadlineOf:at:)`).
        /// The backend finished a copy the client had given up on.
        case finished = 2
        /// The request's backup delay elapsed while its first copy was still outstanding.
        case hedge = 3
    }

    /// Where a sent copy is.
    enum CopyState: UInt8 {
        case unsent, queued, serving
        /// Answered, dropped, cancelled, or finished after its deadline.
        case done
    }

    struct Event: Comparable {
        var time: Double
        var request: Int32
        var backend: Int32
        var kind: Kind
        /// Whether the event is about the request's backup copy.
        var backup: Bool
        /// Service time (s), for the backend's utilization.
        var service: Float

        static func < (a: Event, b: Event) -> Bool {
            a.time != b.time ? a.time < b.time : (a.request != b.request ? a.request < b.request : a.kind.rawValue < b.kind.rawValue)
        }

        static func == (a: Event, b: Event) -> Bool {
            a.time == b.time && a.request == b.request && a.kind == b.kind && a.backup == b.backup
        }

        /// Whether the event comes before `request`'s deadline at `time`, in the heap's order.
        @inline(__always)
        func precedes(deadlineOf request: Int, at time: Double) -> Bool {
            self.time != time ? self.time < time : (Int(self.request) != request ? Int(self.request) < request : kind.rawValue < 1)
        }
    }
}
