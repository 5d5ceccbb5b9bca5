import Foundation
import Testing

@testable import AdvisorBalancing

@Suite struct BackendFeatureTrackerTests {
    static func features(_ tracker: BackendFeatureTracker, _ backend: Int, at time: Double) -> [Double] {
        var features = [Double](repeating: .nan, count: tracker.featureCount)
        features.withUnsafeMutableBufferPointer { tracker.features(backend, at: time, into: $0) }
        return features
    }

    @Test func peakEWMAJumpsToASlowAnswerAndInflightCountsOpenRequests() {
        var tracker = BackendFeatureTracker()
        tracker.requestStarted(0, at: 0)
        tracker.requestStarted(0, at: 0)
        tracker.requestCompleted(0, latency: 10, failed: false, at: 0.01)
        tracker.requestCompleted(0, latency: 100, failed: false, at: 0.1)
        let features = Self.features(tracker, 0, at: 0.1)
        #expect(features[0] == 0)
        // peak-EWMA jumps to the slow answer at once; the plain EWMA moves only part of the way. (The logarithms are
        // the package's fast one, taken when features are read: within its stated 0.006.)
        #expect(abs(features[2] - log(100)) < 0.006)
        #expect(abs(features[1] - log(28)) < 0.006)
        #expect(features[1] < features[2])
    }

    @Test func theIdleRowOfABackendKeepsItsLatencyHistoryAndDropsItsQueue() {
        // Two backends with the same answers; backend 1 then has three requests in flight, one unanswered for 4 ms.
        var tracker = BackendFeatureTracker()
        for backend in 0..<2 {
            tracker.requestStarted(backend, at: 0)
            tracker.requestCompleted(backend, latency: 3, failed: false, at: 0.003)
            tracker.requestStarted(backend, at: 0.003)
            tracker.requestCompleted(backend, latency: 7, failed: true, at: 0.010)
        }
        for _ in 0..<3 { tracker.requestStarted(1, at: 0.011) }
        var queued = Self.features(tracker, 1, at: 0.015)
        #expect(abs(queued[0] - log1p(3)) < 0.006 && queued[BackendFeatureTracker.silenceFeature] > 1)
        queued.withUnsafeMutableBufferPointer { BackendFeatureTracker.makeIdle($0.baseAddress!) }
        // Made idle, backend 1 reads exactly as backend 0, which has the same history and nothing in flight.
        #expect(queued == Self.features(tracker, 0, at: 0.015))
    }

    @Test func unansweredTimeCountsOnlyWhileRequestsWait() {
        var tracker = BackendFeatureTracker()
        tracker.requestStarted(1, at: 1.0)
        // log1p of the silence in ms (by the package's fast logarithm, `FastMath`: within its stated 0.006).
        #expect(abs(Self.features(tracker, 1, at: 1.004)[4] - log1p(4)) < 0.006)
        tracker.requestStarted(1, at: 1.002)
        tracker.requestCompleted(1, latency: 5, failed: false, at: 1.005)
        // One request still waits; its silence is counted from the last answer.
        #expect(abs(Self.features(tracker, 1, at: 1.007)[4] - log1p(2)) < 0.006)
        #expect(abs(tracker.unansweredTime(1, at: 1.007) - 0.002) < 1e-12)
        tracker.requestCompleted(1, latency: 5, failed: false, at: 1.008)
        // Idle: however long nobody asked it, an idle backend is not counted as silent.
        #expect(Self.features(tracker, 1, at: 50)[4] == 0)
        #expect(Self.features(tracker, 1, at: 50)[0] == 0)
        // Backend 0 was never used: it reads as the prior, not as garbage.
        let prior = Self.features(tracker, 0, at: 50)
        #expect(prior == [0, 0, 0, 0, 0, 0])
    }

    @Test func recentLatencyRemembersASlowSpellByTimeNotByAnswers() {
        var tracker = BackendFeatureTracker()
        var time = 0.0
        func answer(_ latency: Double) {
            tracker.requestStarted(0, at: time)
            time += 0.001
            tracker.requestCompleted(0, latency: latency, failed: false, at: time)
        }
        for _ in 0..<1000 { answer(1) }
        answer(100)
        // Fifty fast answers later (50 ms): the plain EWMA has forgotten the slow one, the 0.3 s average has not.
        for _ in 0..<50 { answer(1) }
        let features = Self.features(tracker, 0, at: time)
        #expect(exp(features[1]) < 1.01)
        let recent = exp(features[BackendFeatureTracker.recentFeature])
        // The 100 ms answer came 1 ms after the one before it and 50 ms ago: (1 − e^(−1/300)) × 99 × e^(−1/6) ≈ 0.28 ms.
        #expect(recent > 1.27 && recent < 1.29)
        // A second of silence does not change it: it moves only with answers, weighted by the time between them.
        #expect(
            Self.features(tracker, 0, at: time + 1)[BackendFeatureTracker.recentFeature] == features[BackendFeatureTracker.recentFeature])
    }

    @Test func reportedMetricsFollowTheOwnFeaturesAndRenameClashes() {
        var tracker = BackendFeatureTracker(metricNames: ["cpu", "log1p_inflight"])
        #expect(tracker.featureNames == BackendFeatureTracker.ownFeatureNames + ["cpu", "metric_log1p_inflight"])
        tracker.report(2, metrics: [0.5, 7])
        let features = Self.features(tracker, 2, at: 0)
        #expect(Array(features.suffix(2)) == [0.5, 7])
        tracker.reset(2)
        #expect(Array(Self.features(tracker, 2, at: 0).suffix(2)) == [0, 0])
    }

    @Test func errorRateAndDecayedPeak() {
        var tracker = BackendFeatureTracker()
        for index in 0..<10 {
            tracker.requestStarted(0, at: Double(index))
            tracker.requestCompleted(0, latency: 4, failed: index % 2 == 0, at: Double(index))
        }
        #expect(tracker.errorRate(0) > 0.3 && tracker.errorRate(0) < 0.7)
        // Read Finagle's way, the peak decays with the time since the last answer (time constant 10 s).
        #expect(abs(tracker.decayedPeakLatency(0, at: 19) - 4 * exp(-1)) < 1e-9)
        #expect(tracker.peakLatency(0) == 4)
    }
}
