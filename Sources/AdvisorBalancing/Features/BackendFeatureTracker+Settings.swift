extension BackendFeatureTracker {
    /// Settings of the moving averages.
    package struct Settings: Sendable, Equatable {
        /// Weight of a new latency in the plain EWMA.
        package var ewmaWeight: Double = 0.2
        /// Time constant (seconds) with which peak-EWMA decays after a peak (Finagle's default is 10 s).
        package var peakDecaySeconds: Double = 10
        /// Weight of a new outcome in the error-rate EWMA.
        package var errorWeight: Double = 0.1
        /// Latency assumed before a backend has answered once (ms), so new backends are neither shunned nor flooded.
        package var initialLatency: Double = 1
        /// Time constant (seconds) of the time-weighted latency average behind `log_recent_latency`.
        ///
        /// The plain EWMA forgets by answers (five or so at weight 0.2: milliseconds on a busy backend) and
        /// peak-EWMA holds a peak for ten seconds; a slow period that lasts about a second, where one answer in
        /// tens is slow, shows in neither. An average over time with a memory of a fraction of a second sees it,
        /// whatever the request rate. 0.3 s gave the best hold-out R² on the training parts of the balancing
        /// replay's scenarios among 0.1, 0.3, 1 and 3 s; their balancing results differ by under 4%.
        package var recentSeconds: Double = 0.3

        package init() {}
    }
}
