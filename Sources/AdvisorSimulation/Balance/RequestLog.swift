/// Each request's outcome in a run, by arrival: the request log a deployment would keep, for training.
struct RequestLog {
    var backends: [Int]
    var latencies: [Double]
    var failed: [Bool]

    init(count: Int) {
        backends = [Int](repeating: 0, count: count)
        latencies = [Double](repeating: 0, count: count)
        failed = [Bool](repeating: false, count: count)
    }

    @inline(__always)
    mutating func record(_ request: Int, backend: Int, latency: Double, failed: Bool) {
        backends[request] = backend
        latencies[request] = latency
        self.failed[request] = failed
    }
}
