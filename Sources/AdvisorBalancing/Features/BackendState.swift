/// One backend's running state in a `BackendFeatureTracker`: seven words (56 bytes, within one cache line), so a scan over a
/// pool touches one line per backend.
///
/// Only the averages are kept; their logarithms (the features) are taken when features are read, so a policy that
/// never reads them (P2C, peak-EWMA) does not pay for them on every answer.
struct BackendState: Sendable {
    var inflight = 0
    var ewma: Double
    var peak: Double
    /// Latency averaged over time with `recentSeconds` memory.
    var recent: Double
    var errorRate = 0.0
    /// Time of the last response; NaN before the first.
    var lastResponse = Double.nan
    /// Since when requests in flight have gone unanswered: the later of the last response and the moment
    /// the backend went from idle to busy.
    var waitingSince = 0.0

    init(initialLatency: Double) {
        ewma = initialLatency
        peak = initialLatency
        recent = initialLatency
    }
}
