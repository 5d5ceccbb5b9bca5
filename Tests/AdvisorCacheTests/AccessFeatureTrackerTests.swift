import AdvisorCache
import Foundation
import Testing

@Suite struct AccessFeatureTrackerTests {
    @Test func gapsAreCountedInRequestsMostRecentFirst() {
        var tracker = AccessFeatureTracker<Int>()
        var features = [Double](repeating: .nan, count: AccessFeatureTracker<Int>.featureCount)
        for key in [7, 1, 7, 2, 3, 7] {
            features.withUnsafeMutableBufferPointer { tracker.record(key, size: 1, isWrite: false, into: $0) }
        }
        // Key 7 at requests 0, 2 and 5: gaps 3 then 2; older gaps are censored at the history length.
        #expect(features[0] == log1p(3))
        #expect(features[1] == log1p(2))
        #expect(features[2] == log1p(6))
        #expect(features[5] == log1p(3))
    }
}
