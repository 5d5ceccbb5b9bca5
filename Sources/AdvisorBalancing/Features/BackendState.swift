import Foundation

/// One backend's running state in a `BackendFeatureTracker`: eleven words (88 bytes), so a scan over a pool touches at most two cache lines per backend.
struct BackendState: Sendable {
    var inflight = 0
    /// log(1 + inflight): a request's wait grows with the queue ahead of it roughly in proportion, so on the
    /// log-latency scale the queue enters as a logarithm (a linear term would let a fitted model bend down
    /// at long queues, where timeouts cap the latencies, and send more to the longest queue). Kept up to
    /// date here, not taken per decision.
    var logInflight = 0.0
    var ewma: Double
    var peak: Double
    // The logarithms change only when a response arrives, so they are taken then, not per decision.
    var logEWMA: Double
    var logPeak: Double
    /// Latency averaged over time with `recentSeconds` memory, and its logarithm (taken at each answer).
    var recent: Double
    var logRecent: Double
    var errorRate = 0.0
    /// Time of the last response; NaN before the first.
    var lastResponse = Double.nan
    /// Since when requests in flight have gone unanswered: the later of the last response and the moment
    /// the backend went from idle to busy.
    var waitingSince = 0.0

    init(initialLatency: Double) {
        ewma = initialLatency
        peak = initialLatency
        logEWMA = BackendFeatureTracker.logLatency(initialLatency)
        logPeak = logEWMA
        recent = initialLatency
        logRecent = logEWMA
    }
}
