import AdvisorBalancing
import Foundation
import Testing

@Suite struct BackendFeatureTrackerTests {
    @Test func peakEWMAJumpsToASlowAnswerAndInflightCountsOpenRequests() {
        var tracker = BackendFeatureTracker<String>()
        tracker.requestStarted("a", at: 0)
        tracker.requestStarted("a", at: 0)
        tracker.requestCompleted("a", latency: 10, failed: false, at: 0.01)
        tracker.requestCompleted("a", latency: 100, failed: false, at: 0.1)
        var features = [Double](repeating: .nan, count: BackendFeatureTracker<String>.ownFeatureCount)
        features.withUnsafeMutableBufferPointer { tracker.features("a", at: 0.1, into: $0) }
        #expect(features[0] == 0)
        // peak-EWMA jumps to the slow answer at once; the plain EWMA moves only part of the way.
        #expect(abs(features[2] - log(100)) < 1e-12)
        #expect(abs(features[1] - log(28)) < 1e-12)
        #expect(features[1] < features[2])
    }
}
