import AdvisorBalancing
import Testing

@Suite struct ConcurrencyLimiterTests {
    @Test func requestsOverTheLimitAreRejectedAtOnceWithTheReason() throws {
        var limiter = ConcurrencyLimiter(try AIMDLimit(.init(initialLimit: 2, minimumLimit: 1, maximumLimit: 10)))
        guard case .admitted(let first) = limiter.acquire(at: 0), case .admitted = limiter.acquire(at: 0) else {
            Issue.record("requests under the limit were rejected")
            return
        }
        let observed1 = limiter.acquire(at: 0)
        #expect(observed1 == .rejected(.limitReached(limit: 2, inflight: 2)))
        #expect(limiter.rejections == 1)
        limiter.release(first, outcome: .cancelled, at: 0.01)
        #expect(limiter.inflight == 1)
        #expect(limiter.limit == 2)  // an ignored outcome is not a sample
        guard case .admitted = limiter.acquire(at: 0.02) else {
            Issue.record("a freed slot was not reusable")
            return
        }
    }

    @Test func aimdGrowsByOneWhenBusyAndHoldsWhenAppLimited() throws {
        var limit = try AIMDLimit(.init(initialLimit: 10))
        limit.sample(latency: 5, inflight: 4, dropped: false)
        #expect(limit.limit == 10)  // 4 in flight of 10: the client, not the service, is the limit
        limit.sample(latency: 5, inflight: 5, dropped: false)
        #expect(limit.limit == 11)
    }

    @Test func aimdBacksOffOnADropOrATimeoutAndStopsAtTheMinimum() throws {
        var limit = try AIMDLimit(.init(initialLimit: 20, minimumLimit: 2, backoffRatio: 0.9, timeout: .milliseconds(100)))
        limit.sample(latency: 5, inflight: 20, dropped: true)
        #expect(limit.limit == 18)
        limit.sample(latency: 150, inflight: 1, dropped: false)
        #expect(limit.limit == 16)
        // At small limits the ratio rounds to no change; the cut is then at least one.
        for _ in 0..<40 { limit.sample(latency: 150, inflight: 1, dropped: false) }
        #expect(limit.limit == 2)
    }

    @Test func aimdDrivenThroughTheLimiterMeasuresLatencyFromAdmission() throws {
        var limiter = ConcurrencyLimiter(try AIMDLimit(.init(initialLimit: 4, timeout: .milliseconds(100))))
        func permit(_ decision: LimiterDecision) -> LimiterPermit? {
            if case .admitted(let permit) = decision { permit } else { nil }
        }
        let early = try #require(permit(limiter.acquire(at: 10)))
        let late = try #require(permit(limiter.acquire(at: 10.15)))
        #expect(early.admittedAt == 10 && early.inflight == 1)
        #expect(late.admittedAt == 10.15 && late.inflight == 2)
        // Both end at 10.2 s. The later one took 50 ms, under the timeout, with 2 of 4 in flight: busy, so +1.
        limiter.release(late, outcome: .succeeded, at: 10.2)
        #expect(limiter.limit == 5)
        // The earlier one took 200 ms, over the timeout: a drop, so the limit falls to ⌊5 × 0.9⌋.
        limiter.release(early, outcome: .succeeded, at: 10.2)
        #expect(limiter.limit == 4)
        #expect(limiter.inflight == 0 && limiter.rejections == 0)
    }

    @Test func gradient2GrowsWhileLatencyHoldsAndShrinksWhenItRises() throws {
        var limit = try Gradient2Limit(.init(initialLimit: 20, minimumLimit: 5, maximumLimit: 100, longWindow: 100, warmup: 10))
        for _ in 0..<50 { limit.sample(latency: 10, inflight: limit.limit, dropped: false) }
        let grown = limit.limit
        #expect(grown > 20)
        #expect(abs(limit.longRTT - 10) < 1e-9)
        // Latency triples: beyond the 1.5 tolerance, so the limit falls.
        for _ in 0..<5 { limit.sample(latency: 30, inflight: limit.limit, dropped: false) }
        #expect(limit.limit < grown)
        #expect(limit.shortRTT == 30)
    }

    @Test func gradient2ToleratesARiseWithinTheTolerance() throws {
        var limit = try Gradient2Limit(.init(initialLimit: 20, minimumLimit: 5, warmup: 1))
        limit.sample(latency: 10, inflight: 20, dropped: false)
        let before = limit.estimatedLimit
        limit.sample(latency: 14, inflight: 20, dropped: false)  // 1.4× the long RTT: gradient stays 1
        #expect(limit.estimatedLimit > before)
    }

    @Test func gradient2IgnoresSamplesWhileLessThanHalfTheLimitIsUsed() throws {
        var limit = try Gradient2Limit(.init(initialLimit: 40, minimumLimit: 5))
        for _ in 0..<20 { limit.sample(latency: 100, inflight: 10, dropped: false) }
        #expect(limit.limit == 40)
    }

    @Test func gradient2PullsTheLongAverageDownWhenLoadGoesAway() throws {
        var limit = try Gradient2Limit(.init(warmup: 1))
        limit.sample(latency: 100, inflight: 1, dropped: false)
        limit.sample(latency: 10, inflight: 1, dropped: false)
        // The average moved only 2/601 of the way to 10, then the 10% pull applied (ratio > 2).
        let averaged = 100 + (10 - 100) * 2.0 / 601
        #expect(abs(limit.longRTT - averaged * 0.9) < 1e-9)
    }

    @Test func thePredictedLimiterAdmitsWhileThePredictionStaysWithinTheToleranceOfTheIdleBackend() throws {
        var limiter = try PredictedLatencyLimiter(.init(tolerance: 2, minimumConcurrency: 1, maximumConcurrency: 4))
        // The first request is admitted whatever the prediction: it starts at once on the free slot.
        guard case .admitted(let first) = limiter.acquire(predictedLatency: 500, idleLatency: 10, at: 0) else {
            Issue.record("the minimum concurrency was not honoured")
            return
        }
        let observed1 = limiter.acquire(predictedLatency: 25, idleLatency: 10, at: 0)
        #expect(observed1 == .rejected(.predictedLatencyAboveTarget(predicted: 25, target: 20)))
        // The bound follows the backend's own idle latency: 25 ms is within twice a slow backend's 15 ms.
        guard case .admitted = limiter.acquire(predictedLatency: 25, idleLatency: 15, at: 0),
            case .admitted = limiter.acquire(predictedLatency: 20, idleLatency: 10, at: 0)
        else {
            Issue.record("a request predicted within the tolerance was rejected")
            return
        }
        #expect(limiter.rejections == 1)
        limiter.release(first)
        // A prediction that is not a number admits nothing beyond the minimum.
        guard
            case .rejected(.predictedLatencyAboveTarget(let predicted, _)) = limiter.acquire(predictedLatency: .nan, idleLatency: 10, at: 0)
        else {
            Issue.record("a request without a usable prediction was admitted above the minimum")
            return
        }
        #expect(predicted.isNaN)
        #expect(limiter.inflight == 2)
        guard case .admitted = limiter.acquire(predictedLatency: 1, idleLatency: 1, at: 0),
            case .admitted = limiter.acquire(predictedLatency: 1, idleLatency: 1, at: 0)
        else {
            Issue.record("a request predicted within the tolerance was rejected under the maximum")
            return
        }
        let observed2 = limiter.acquire(predictedLatency: 1, idleLatency: 1, at: 0)
        #expect(observed2 == .rejected(.limitReached(limit: 4, inflight: 4)))
    }

    @Test func thePredictedLimitersTargetCapsTheToleranceBound() throws {
        var limiter = try PredictedLatencyLimiter(.init(tolerance: 3, target: .milliseconds(20), minimumConcurrency: 0))
        let observed = limiter.acquire(predictedLatency: 25, idleLatency: 10, at: 0)
        #expect(observed == .rejected(.predictedLatencyAboveTarget(predicted: 25, target: 20)))
        guard case .admitted = limiter.acquire(predictedLatency: 14, idleLatency: 5, at: 0) else {
            Issue.record("a request within both bounds was rejected")
            return
        }
        #expect(throws: ControlConfigurationError.self) { try PredictedLatencyLimiter(.init(tolerance: 0.5)) }
        #expect(throws: ControlConfigurationError.self) { try PredictedLatencyLimiter(.init(target: .zero)) }
    }
}
