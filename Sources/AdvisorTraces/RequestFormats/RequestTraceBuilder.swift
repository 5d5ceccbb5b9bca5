/// Collects requests one at a time, naming backends by text, into a `RequestTrace` sorted by send time.
struct RequestTraceBuilder {
    private var trace = RequestTrace()
    private var backendIndex: [String: Int] = [:]

    /// Number of requests so far.
    var count: Int { trace.count }

    /// Adds one request without metrics.
    /// - Parameters:
    ///   - time: Send time in seconds.
    ///   - backend: The backend's name.
    ///   - latency: Milliseconds.
    ///   - failed: Whether the request failed.
    mutating func append(time: Double, backend: String, latency: Double, failed: Bool = false) {
        let index: Int
        if let known = backendIndex[backend] {
            index = known
        } else {
            index = trace.backendNames.count
            backendIndex[backend] = index
            trace.backendNames.append(backend)
        }
        trace.timestamps.append(time)
        trace.backends.append(index)
        trace.latencies.append(latency)
        trace.failed.append(failed)
    }

    /// The trace, sorted by send time (stably).
    func build() -> RequestTrace {
        var sorted = trace
        sorted.sortByTime()
        return sorted
    }
}

extension RequestTrace {
    /// The requests at `rows` (in that order), with backends that no longer have a request removed.
    /// - Parameter rows: Row indices, each at most once.
    func selecting(rows: [Int]) -> RequestTrace {
        var result = RequestTrace()
        result.metricNames = metricNames
        result.wasSorted = wasSorted
        let width = metricNames.count
        var renumbered = [Int](repeating: -1, count: backendNames.count)
        for row in rows {
            let backend = backends[row]
            if renumbered[backend] < 0 {
                renumbered[backend] = result.backendNames.count
                result.backendNames.append(backendNames[backend])
            }
            result.timestamps.append(timestamps[row])
            result.backends.append(renumbered[backend])
            result.latencies.append(latencies[row])
            result.failed.append(failed[row])
            result.metrics.append(contentsOf: metrics[(row * width)..<((row + 1) * width)])
        }
        return result
    }
}
