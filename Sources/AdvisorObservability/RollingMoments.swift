/// Mean and population standard deviation of the newest `window` values, in O(1) per value.
///
/// Running sums drift when values are added and removed for a long time, so the sums are rebuilt
/// from the ring each time it wraps: amortised O(1) and exact to rounding.
struct RollingMoments: Sendable {
    private var ring: [Double]
    private var next = 0
    private(set) var count = 0
    private var sum = 0.0
    private var sumOfSquares = 0.0

    init(window: Int) {
        ring = [Double](repeating: 0, count: window)
    }

    /// Adds the newest value, dropping the oldest once the window is full.
    mutating func add(_ value: Double) {
        if count == ring.count {
            let old = ring[next]
            sum -= old
            sumOfSquares -= old * old
        } else {
            count += 1
        }
        ring[next] = value
        sum += value
        sumOfSquares += value * value
        next += 1
        if next == ring.count {
            next = 0
            sum = ring.reduce(0, +)
            sumOfSquares = ring.reduce(0) { $0 + $1 * $1 }
        }
    }

    var mean: Double { count > 0 ? sum / Double(count) : 0 }

    var standardDeviation: Double {
        guard count > 0 else { return 0 }
        let mean = self.mean
        return max(0, sumOfSquares / Double(count) - mean * mean).squareRoot()
    }
}

/// The maximum of the last `window` values added, by a monotonic queue: amortised O(1) per value.
struct RollingMaximum: Sendable {
    private let window: Int
    private var queue: [(index: Int, value: Double)] = []
    private var start = 0
    private var index = 0

    init(window: Int) {
        self.window = window
    }

    /// The maximum of the last `window` values added (0 before any).
    mutating func maximum() -> Double {
        while start < queue.count, queue[start].index < index - window { start += 1 }
        return start < queue.count ? queue[start].value : 0
    }

    /// Adds the newest value.
    mutating func add(_ value: Double) {
        while queue.count > start, queue[queue.count - 1].value <= value { queue.removeLast() }
        queue.append((index, value))
        if start > window {
            queue.removeFirst(start)
            start = 0
        }
        index += 1
    }
}
