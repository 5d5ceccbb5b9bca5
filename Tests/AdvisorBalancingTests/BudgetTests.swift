import AdvisorBalancing
import Foundation
import Testing

/// The retry budget and the hedge planner, with time passed in by hand.
@Suite struct BudgetTests {
    @Test func retriesAreARatioOfRecentRequestsPlusAFloor() throws {
        var budget = try RetryBudget(.init(ratio: 0.1, minimumPerSecond: 0.5, window: .seconds(10)))
        // The floor alone: 0.5 per second over 10 seconds = 5 retries.
        for _ in 0..<5 {
            let granted = budget.tryRetry(at: 0)
            #expect(granted)
        }
        let observed2 = budget.tryRetry(at: 0)
        #expect(!observed2)
        // 20 requests earn 2 more.
        for _ in 0..<20 { budget.recordRequest(at: 1) }
        let observed3 = budget.tryRetry(at: 1)
        #expect(observed3)
        let observed4 = budget.tryRetry(at: 1)
        #expect(observed4)
        let observed5 = budget.tryRetry(at: 1)
        #expect(!observed5)
        let observed6 = budget.counts(at: 1)
        #expect(observed6 == (requests: 20, retries: 7))
    }

    @Test func requestsAndRetriesLeaveTheBudgetWithTheWindow() throws {
        var budget = try RetryBudget(.init(ratio: 0.5, minimumPerSecond: 0, window: .seconds(10)))
        for _ in 0..<4 { budget.recordRequest(at: 0) }
        let observed7 = budget.tryRetry(at: 1.5)
        let observed8 = budget.tryRetry(at: 1.5)
        #expect(observed7 && observed8)
        let observed9 = budget.tryRetry(at: 9.9)
        #expect(!observed9)
        // At 10 s the requests of the first second have left (buckets of one tenth of the window)…
        let observed10 = budget.counts(at: 10.0)
        #expect(observed10 == (requests: 0, retries: 2))
        let observed11 = budget.available(at: 10.0)
        #expect(observed11 == -2)
        // …and at 11 s the retries too.
        let observed12 = budget.available(at: 11.0)
        #expect(observed12 == 0)
        budget.recordRequest(at: 11)
        budget.recordRequest(at: 11)
        let observed13 = budget.tryRetry(at: 11)
        #expect(observed13)
    }

    @Test func theHedgeDelayIsThePredictedQuantileCorrectedOnline() throws {
        var planner = try HedgePlanner(
            .init(quantile: 0.9, maximumExtraLoad: 1, minimumDelay: .milliseconds(2), calibration: .init(step: 0.5)))
        let observed14 = planner.delay(predicted: 40, at: 0)
        #expect(observed14 == 40)
        let observed15 = planner.delay(predicted: 1, at: 0)
        #expect(observed15 == 2)  // the minimum delay
        let observed16 = planner.delay(predicted: .nan, at: 0)
        #expect(observed16 == .infinity)  // no usable prediction: no backup
        // The primary outlived its delay: the correction moves up by step × (1 − 0.1).
        let observed17 = planner.delayElapsed(at: 0.04)
        #expect(observed17 == .sendBackup)
        let raised = planner.delay(predicted: 40, at: 0.05)
        #expect(abs(raised - 40 * exp(0.45)) < 1e-9)
        // Answers before the delay pull it back by step × 0.1 each.
        for _ in 0..<9 { planner.answeredBeforeDelay() }
        let observed18 = planner.delay(predicted: 40, at: 0.06)
        #expect(abs(observed18 - 40) < 1e-9)
    }

    @Test func backupsStopWhenTheExtraLoadBudgetIsSpent() throws {
        var planner = try HedgePlanner(.init(maximumExtraLoad: 0.02, window: .seconds(10), calibration: nil))
        for _ in 0..<100 { _ = planner.delay(predicted: 10, at: 0) }
        let observed19 = planner.delayElapsed(at: 0.1)
        #expect(observed19 == .sendBackup)
        let observed20 = planner.delayElapsed(at: 0.1)
        #expect(observed20 == .sendBackup)
        let observed21 = planner.delayElapsed(at: 0.1)
        #expect(observed21 == .budgetExhausted)
        #expect(planner.backupsSent == 2 && planner.backupsRefused == 1)
        // Ten seconds on, the hundred primaries no longer pay for backups.
        for _ in 0..<50 { _ = planner.delay(predicted: 10, at: 12) }
        let observed22 = planner.delayElapsed(at: 12)
        #expect(observed22 == .sendBackup)
        let observed23 = planner.delayElapsed(at: 12)
        #expect(observed23 == .budgetExhausted)
    }
}
