import AdvisorTraces

extension RequestTrace {
    /// The request log of a simulated run as a request trace: what `advisor train` reads.
    init(arrivals: [Double], log: RequestLog, backends: Int) {
        self.init()
        timestamps = arrivals
        self.backends = log.backends
        backendNames = (0..<backends).map { "backend-\($0)" }
        latencies = log.latencies
        failed = log.failed
    }
}
