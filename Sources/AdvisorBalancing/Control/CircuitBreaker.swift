import AdvisorSupport

/// The three states of a circuit breaker.
public enum CircuitState: String, Sendable, Codable, CaseIterable {
    /// Calls go through; outcomes are counted in the sliding window.
    case closed
    /// Calls are rejected until the wait in the open state has passed.
    case open
    /// A few trial calls go through; their outcomes close or reopen the breaker.
    case halfOpen
}

/// Why a circuit breaker did not let a call through: thrown by `SharedCircuitBreaker.execute`.
public struct CircuitBreakerRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The breaker's state at the rejection: `.open`, or `.halfOpen` with all trial calls taken.
    public let state: CircuitState
    /// How long until the breaker will let a call through again, when known.
    public let retryAfter: Duration?

    public var description: String {
        switch state {
        case .open: "circuit open" + (retryAfter.map { "; retry after \($0)" } ?? "")
        case .halfOpen: "circuit half-open and all trial calls are in flight"
        case .closed: "circuit closed"
        }
    }
}

/// A circuit breaker with resilience4j's semantics, as a value with time passed in.
///
/// Closed: every call is let through and its outcome (failed or not, slow or not) goes into a
/// sliding window over the last N calls or N seconds. Once the window holds `minimumCalls`, a
/// failure rate or slow-call rate at or above its threshold opens the breaker. Open: calls are
/// rejected, with the time left, for `waitInOpen`; then the breaker turns half-open, either at the
/// next call or by itself (`automaticTransitionToHalfOpen`, applied by `advance(to:)`). Half-open:
/// `permittedCallsInHalfOpen` trial calls are let through and further calls rejected; when all trial
/// outcomes are in, rates at or above a threshold reopen the breaker, otherwise it closes with an
/// empty window. With `maximumWaitInHalfOpen`, a half-open breaker still undecided after that long
/// opens again.
///
/// One deliberate difference from resilience4j: a call counts only in the state that admitted it.
/// Each permit carries the breaker's generation, and an outcome arriving after a state change (a
/// slow call admitted while closed that ends during the half-open trial) is ignored instead of
/// being mixed into the trial.
///
/// Times are seconds on any monotonic scale; `SharedCircuitBreaker` supplies them from a clock.
package struct CircuitBreaker: Sendable {
    /// Proof that a call was let through; hand it back with the call's outcome.
    package struct Permit: Sendable, Equatable {
        /// The breaker generation (incremented at each state change) that admitted the call.
        let generation: Int
        /// When the call was admitted.
        package let admittedAt: Double
    }

    /// The answer to a request for a call.
    package enum Permission: Sendable, Equatable {
        case permitted(Permit)
        case rejected(CircuitBreakerRejection)
    }

    /// The rates the current state decides on.
    package struct Rates: Sendable, Equatable {
        /// Calls counted: in the sliding window when closed, trial calls when half-open, none when open.
        package var calls: Int
        package var failureRate: Double
        package var slowCallRate: Double
    }

    package let configuration: Configuration
    package private(set) var state: CircuitState = .closed
    /// State changes so far.
    package private(set) var transitions = 0
    /// Transitions so far by the state entered: they add up to `transitions`.
    package private(set) var entered = Entries()
    /// Calls rejected so far.
    package private(set) var rejections = 0
    private var generation = 0
    private var window: CallOutcomeWindow
    private var trial = CallTally()
    private var trialsAdmitted = 0
    private var stateEnteredAt = 0.0
    private let waitInOpen: Double
    private let maximumWaitInHalfOpen: Double?
    private let slowMilliseconds: Double

    /// Creates a closed breaker with an empty window.
    /// - Throws: `ControlConfigurationError` naming the first invalid setting.
    package init(_ configuration: Configuration) throws(ControlConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
        self.window = CallOutcomeWindow(configuration.slidingWindow)
        self.waitInOpen = configuration.waitInOpen.seconds
        self.maximumWaitInHalfOpen = configuration.maximumWaitInHalfOpen?.seconds
        self.slowMilliseconds = configuration.slowCallDuration.milliseconds
    }

    /// Applies the state changes that are due by `now` without a call: open → half-open when
    /// automatic and the wait is over; half-open → open when the maximum half-open wait is over.
    /// - Complexity: O(1).
    package mutating func advance(to now: Double) {
        // Transitions happen when their wait ended, even if nobody looked until later.
        if state == .halfOpen, let maximumWaitInHalfOpen, now >= stateEnteredAt + maximumWaitInHalfOpen {
            enter(.open, at: stateEnteredAt + maximumWaitInHalfOpen)
        }
        guard state == .open, configuration.automaticTransitionToHalfOpen else { return }
        if let maximumWaitInHalfOpen {
            // Unwatched, the breaker cycles open → half-open → open; whole cycles are skipped at once.
            let cycle = waitInOpen + maximumWaitInHalfOpen
            let skipped = ((now - stateEnteredAt) / cycle).rounded(.down)
            if skipped >= 1 {
                stateEnteredAt += skipped * cycle
                generation += 2 * Int(skipped)
                transitions += 2 * Int(skipped)
                entered.halfOpen += Int(skipped)
                entered.open += Int(skipped)
            }
        }
        // Less than a whole cycle is left, so at most the step to half-open remains.
        if now >= stateEnteredAt + waitInOpen { enter(.halfOpen, at: stateEnteredAt + waitInOpen) }
    }

    /// Asks to make a call at `now`.
    /// - Returns: a permit to hand back with the outcome, or why the call may not be made.
    /// - Complexity: O(1).
    package mutating func acquire(at now: Double) -> Permission {
        advance(to: now)
        if state == .open {
            let reopening = stateEnteredAt + waitInOpen
            guard now >= reopening else {
                rejections += 1
                return .rejected(CircuitBreakerRejection(state: .open, retryAfter: .seconds(reopening - now)))
            }
            enter(.halfOpen, at: now)
        }
        if state == .halfOpen {
            guard trialsAdmitted < configuration.permittedCallsInHalfOpen else {
                rejections += 1
                return .rejected(CircuitBreakerRejection(state: .halfOpen, retryAfter: nil))
            }
            trialsAdmitted += 1
        }
        return .permitted(Permit(generation: generation, admittedAt: now))
    }

    /// Gives back a permit whose call was never made (cancelled before it started), freeing its trial slot.
    package mutating func release(_ permit: Permit) {
        if state == .halfOpen, permit.generation == generation, trialsAdmitted > 0 { trialsAdmitted -= 1 }
    }

    /// Records how a permitted call ended at `now`; its duration is `now − admittedAt`. A cancelled call is given back
    /// uncounted (`release`): it says nothing about the service.
    /// - Complexity: O(1) amortised.
    package mutating func record(_ permit: Permit, outcome: RequestOutcome, at now: Double) {
        guard outcome != .cancelled else { return release(permit) }
        advance(to: now)
        guard permit.generation == generation else { return }
        let slow = (now - permit.admittedAt) * 1000 >= slowMilliseconds
        let failed = outcome.isFailure
        switch state {
        case .closed:
            window.record(failed: failed, slow: slow, at: now)
            let totals = window.totals(at: now)
            if totals.calls >= configuration.effectiveMinimumCalls, exceedsThresholds(totals) { enter(.open, at: now) }
        case .halfOpen:
            trial += CallTally(failed: failed, slow: slow)
            if trial.calls >= configuration.permittedCallsInHalfOpen { enter(exceedsThresholds(trial) ? .open : .closed, at: now) }
        case .open:
            break
        }
    }

    /// The rates the current state decides on, at `now`.
    package mutating func rates(at now: Double) -> Rates {
        advance(to: now)
        let tally: CallTally
        switch state {
        case .closed: tally = window.totals(at: now)
        case .halfOpen: tally = trial
        case .open: tally = .zero
        }
        let calls = Double(max(tally.calls, 1))
        return Rates(calls: tally.calls, failureRate: Double(tally.failures) / calls, slowCallRate: Double(tally.slow) / calls)
    }

    /// Whether a rate reaches its threshold; a rate is computed as a quotient (not by multiplying the
    /// threshold) so that 3 failures in 10 calls meet a threshold of 0.3 exactly.
    private func exceedsThresholds(_ tally: CallTally) -> Bool {
        let calls = Double(tally.calls)
        return Double(tally.failures) / calls >= configuration.failureRateThreshold
            || Double(tally.slow) / calls >= configuration.slowCallRateThreshold
    }

    private mutating func enter(_ next: CircuitState, at time: Double) {
        state = next
        stateEnteredAt = time
        generation += 1
        transitions += 1
        entered.count(next)
        trial = .zero
        trialsAdmitted = 0
        if next == .closed { window.reset() }
    }
}

extension CircuitBreaker {
    /// How often the breaker entered each state, so that transitions are counted by kind even between two reads.
    package struct Entries: Sendable, Equatable {
        package var closed = 0
        package var open = 0
        package var halfOpen = 0

        /// The count of entries into `state`.
        package subscript(state: CircuitState) -> Int {
            switch state {
            case .closed: closed
            case .open: open
            case .halfOpen: halfOpen
            }
        }

        mutating func count(_ state: CircuitState) {
            switch state {
            case .closed: closed += 1
            case .open: open += 1
            case .halfOpen: halfOpen += 1
            }
        }
    }
}
