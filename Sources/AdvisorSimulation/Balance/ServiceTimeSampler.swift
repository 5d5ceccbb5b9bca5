import AdvisorTraces

/// Service times drawn from a recorded request trace, per recorded backend and recorded time.
///
/// A draw for recorded backend `r` at time `t` is the latency of one of the `2 × halfWindow`
/// requests to `r` recorded nearest to `t`, chosen by a key: heterogeneous across backends and
/// time-varying within one (a recorded slow period comes back at its recorded time), and a pure
/// function of (backend, time, key), so every policy sees the same draw for the same request sent
/// to the same backend. The recording was made at low load with backends chosen at random, so a
/// recorded latency stands for a service time.
struct ServiceTimeSampler: Sendable {
    /// Recorded send times, grouped by recorded backend (`offsets[r]..<offsets[r + 1]`), each group in time order.
    private let times: [Double]
    /// Recorded latencies (ms), parallel to `times`.
    private let latencies: [Double]
    private let offsets: [Int]
    /// Draws come from `2 × halfWindow` neighbours in time.
    let halfWindow: Int
    /// Per recorded backend: the position of the last lookup (draws come in nearly increasing time).
    private var cursors: [Int]

    /// Names of the recorded backends.
    let backendNames: [String]

    init(_ trace: RequestTrace, halfWindow: Int = 16) {
        let backends = trace.backendNames.count
        var counts = [Int](repeating: 0, count: backends + 1)
        for backend in trace.backends { counts[backend + 1] += 1 }
        for index in 1...backends { counts[index] += counts[index - 1] }
        var fill = counts
        var times = [Double](repeating: 0, count: trace.count)
        var latencies = [Double](repeating: 0, count: trace.count)
        // The trace is sorted by time, so each group comes out sorted too.
        for request in 0..<trace.count {
            let backend = trace.backends[request]
            times[fill[backend]] = trace.timestamps[request]
            latencies[fill[backend]] = trace.latencies[request]
            fill[backend] += 1
        }
        self.times = times
        self.latencies = latencies
        self.offsets = counts
        self.halfWindow = halfWindow
        self.cursors = Array(counts.dropLast())
        self.backendNames = trace.backendNames
    }

    /// Number of recorded backends.
    var backendCount: Int { backendNames.count }

    /// A recorded latency (ms) of `backend` near `time`, picked by `key`.
    /// - Complexity: O(1) amortised when successive times for a backend increase; O(log n) otherwise.
    mutating func draw(_ backend: Int, at time: Double, key: UInt64) -> Double {
        let start = offsets[backend]
        let end = offsets[backend + 1]
        let position = locate(backend, time, start, end)
        let low = max(start, position - halfWindow)
        let high = min(end, max(position + halfWindow, low + 1))
        let count = high - low
        let pick = low + Int(truncatingIfNeeded: key.multipliedFullWidth(by: UInt64(count)).high)
        return latencies[pick]
    }

    /// The first index in `start..<end` with a recorded time ≥ `time` (`end` when none).
    private mutating func locate(_ backend: Int, _ time: Double, _ start: Int, _ end: Int) -> Int {
        var cursor = cursors[backend]
        if cursor > start, times[cursor - 1] >= time {
            // Time went backwards (a new run over the same sampler): search from the start.
            cursor = Self.lowerBound(times, time, start, end)
        } else {
            var steps = 0
            while cursor < end, times[cursor] < time {
                cursor += 1
                steps += 1
                if steps == 64 {
                    cursor = Self.lowerBound(times, time, cursor, end)
                    break
                }
            }
        }
        cursors[backend] = cursor
        return cursor
    }

    private static func lowerBound(_ values: [Double], _ value: Double, _ start: Int, _ end: Int) -> Int {
        var low = start
        var high = end
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Recorded latencies (ms) of `backend` sent within `window`.
    func latencies(_ backend: Int, in window: Range<Double>) -> ArraySlice<Double> {
        let start = offsets[backend]
        let end = offsets[backend + 1]
        let low = Self.lowerBound(times, window.lowerBound, start, end)
        let high = Self.lowerBound(times, window.upperBound, low, end)
        return latencies[low..<high]
    }
}
