import AdvisorBalancing
import AdvisorTestSupport
import Foundation
import Testing

@Suite struct TimeoutAdvisorTests {
    @Test func theTimeoutIsThePredictionWithinTheFloorAndCeiling() throws {
        let advisor = try TimeoutAdvisor(.init(targetRate: 0.01, floor: .milliseconds(5), ceiling: .seconds(2), calibration: nil))
        #expect(advisor.timeout(predicted: 40) == 40)
        #expect(advisor.timeout(predicted: 1) == 5)
        #expect(advisor.timeout(predicted: 9000) == 2000)
        #expect(advisor.timeout(predicted: .nan) == 2000)
    }

    @Test func aTimeoutRaisesTheCorrectionAndAnswersInTimeLowerIt() throws {
        var advisor = try TimeoutAdvisor(.init(targetRate: 0.01, floor: .zero, calibration: .init(step: 0.1)))
        advisor.record(timedOut: true)
        #expect(abs(advisor.timeout(predicted: 10) - 10 * exp(0.099)) < 1e-9)
        for _ in 0..<99 { advisor.record(timedOut: false) }
        // One miss in a hundred outcomes is the target rate: the correction is back to none.
        #expect(abs(advisor.correctionFactor - 1) < 1e-9)
    }

    @Test func theCorrectionIsBounded() throws {
        var calibrator = try QuantileCalibrator(missRate: 0.5, settings: .init(step: 1, maximumFactor: 4))
        for _ in 0..<10 { calibrator.record(missed: true) }
        #expect(abs(calibrator.factor - 4) < 1e-9)
        for _ in 0..<20 { calibrator.record(missed: false) }
        #expect(abs(calibrator.factor - 0.25) < 1e-9)
    }

    @Test func coverageConvergesToTheQuantileWhenTheModelIsOff() throws {
        // Latencies uniform on 1…100 ms in a fixed, shuffled order; the raw "p90" predicts 10 ms (covers 10 %).
        var calibrator = try QuantileCalibrator(missRate: 0.1, settings: .init(step: 0.05))
        var covered = 0
        let latencies = (0..<20_000).map { Double(($0 &* 7919) % 100 + 1) }
        for (index, latency) in latencies.enumerated() {
            let prediction = calibrator.corrected(10)
            if index >= 10_000, latency <= prediction { covered += 1 }
            calibrator.record(missed: latency > prediction)
        }
        #expect(abs(Double(covered) / 10_000 - 0.9) < 0.02)
        #expect(calibrator.corrected(10) > 80)
    }

    /// The calibrator's guarantee: misses − rate × outcomes = Δθ / step, exactly, on any outcome sequence
    /// that never touches the bound; checked on seeded random sequences with a drifting miss probability.
    @Test(arguments: [UInt64(1), 7, 2024])
    func realisedMissesDifferFromTheTargetByTheCorrectionOverTheStep(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        var calibrator = try QuantileCalibrator(missRate: 0.01, settings: .init(step: 0.2, maximumFactor: 1e6))
        var factor = 1.0
        for index in 0..<20_000 {
            // A latency from a drifting lognormal-like tail against a base prediction of 1: a miss when it is above the corrected one.
            let scale = index < 10_000 ? 1.0 : 1.8
            let latency = scale * exp(-log(Double.random(in: Double.ulpOfOne..<1, using: &random)) / 3)
            let missed = latency > calibrator.corrected(1)
            calibrator.record(missed: missed)
            factor = calibrator.factor
        }
        let expected = 0.01 * Double(calibrator.outcomes) + log(factor) / 0.2
        #expect(abs(Double(calibrator.misses) - expected) < 1e-6)
        // The drift needed a larger correction; the realised rate still sits at the target.
        #expect(abs(Double(calibrator.misses) / 20_000 - 0.01) < 0.002)
    }
}
