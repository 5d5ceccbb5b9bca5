extension ClusterSimulation {
    /// What one run measured.
    struct Outcome {
        var latencies = LatencyHistogram()
        var timeouts = 0
        var answered = 0
        /// Copies sent per simulated backend (backups and cancelled copies included).
        var sent: [Int]
        /// Copies that started service; every sent copy is served, dropped at its deadline, or cancelled.
        var served = 0
        /// Copies still queued at their deadline, dropped by their backend.
        var dropped = 0
        /// Copies cancelled while queued because the other copy of their request answered first.
        var cancelled = 0
        var wallSeconds = 0.0
        var ejections = 0
        /// Backup copies sent.
        var backups = 0
        /// Requests the client's limiter turned away.
        var rejected = 0
    }
}
