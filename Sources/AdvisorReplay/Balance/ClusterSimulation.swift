import AdvisorBalancing
import Foundation
import HeapModule

/// The discrete-event model of a client balancing requests over simulated backends.
///
/// Each backend serves `concurrency` requests at once in arrival (FIFO) order; a request's service
/// time is drawn from the recording (`ServiceTimeSampler`) for its backend and arrival time, keyed
/// by (seed, request, backend), so every policy sees the same draws. The client gives up on a
/// request at its deadline (`timeout` after sending): it counts as a timeout with the timeout as its
/// latency, and the balancer learns of it then as a failure. A request still queued at its deadline
/// is dropped by the backend (the cancellation reaches it, as with gRPC deadlines); one already in
/// service runs to the end and keeps its slot busy. Because queues are FIFO and service times are
/// known at dispatch, each request's fate is settled when it is sent: one heap event per request,
/// two when it times out in service.
///
/// Around the balancer sits the client's `ClientControl`: a limiter may reject a request before it
/// is sent (it is then neither answered nor timed out), and a hedge planner may send a backup copy
/// to another backend when the first has not answered by its delay. The request is answered by
/// whichever copy answers first; the other is not cancelled (it keeps its backend busy, and the
/// balancer learns its latency when it ends), which makes hedging look no better than it is.
struct ClusterSimulation {
    private enum Kind: UInt8 {
        /// A copy answered in time: the backend is done with it.
        case answered
        /// The client gave up; the backend is still serving the copy.
        case timedOut
        /// The client gave up while the copy was still queued; the backend drops it.
        case dropped
        /// The backend finished a copy the client had given up on.
        case finished
        /// The request's backup delay elapsed while its first copy was still outstanding.
        case hedge
    }

    private struct Event: Comparable {
        var time: Double
        var request: Int32
        var backend: Int32
        var kind: Kind
        /// Whether the event is about the request's backup copy.
        var backup: Bool
        /// Service time (s), for the backend's utilization.
        var service: Float

        static func < (a: Event, b: Event) -> Bool {
            a.time != b.time ? a.time < b.time : (a.request != b.request ? a.request < b.request : a.kind.rawValue < b.kind.rawValue)
        }

        static func == (a: Event, b: Event) -> Bool {
            a.time == b.time && a.request == b.request && a.kind == b.kind && a.backup == b.backup
        }
    }

    /// What one run measured.
    struct Outcome {
        var latencies = LatencyHistogram()
        var timeouts = 0
        var answered = 0
        /// Copies sent per simulated backend (backups included).
        var sent: [Int]
        var wallSeconds = 0.0
        var ejections = 0
        /// Backup copies sent.
        var backups = 0
        /// Requests the client's limiter turned away.
        var rejected = 0
    }

    /// Time constant of the backends' utilization and rate estimates (s).
    private static let reportSeconds = 1.0

    let setup: ScenarioSetup
    let timeout: Double
    let seed: UInt64
    private var sampler: ServiceTimeSampler
    private let recorded: [Int]
    private let concurrency: [Int]
    private let slotOffsets: [Int]

    // Backend-side state, by simulated backend.
    private var slotFree: [Double] = []
    private var requestsInFlight: [Int] = []
    private var workRate: [Double] = []
    private var answerRate: [Double] = []
    private var lastReport: [Double] = []
    private var serverLatency: [Double] = []
    /// Recorded-time shift per simulated backend (s), and the window it wraps in.
    private var shift: [Double] = []
    private var windowStart = 0.0
    private var windowSpan = 1.0

    // Client-side state, by request.
    private var control = ClientControl()
    /// Whether the request's outcome (answered, timed out, rejected) is known.
    private var settled: [Bool] = []
    /// When the backup copy was sent (hedging only).
    private var backupSentAt: [Double] = []
    /// Whether the first copy's answer is the hedge planner's news that no backup was needed (hedging only).
    private var answersBeforeDelay: [Bool] = []
    /// The limiter's permit (limiting only).
    private var permits: [LimiterPermit?] = []

    /// - Parameters:
    ///   - timeout: seconds after sending at which the client gives up.
    init(setup: ScenarioSetup, sampler: ServiceTimeSampler, timeout: Double, seed: UInt64) {
        self.setup = setup
        self.sampler = sampler
        self.timeout = timeout
        self.seed = seed
        self.recorded = setup.recordedBackend
        self.concurrency = setup.concurrency
        var offsets = [0]
        for slots in setup.concurrency { offsets.append(offsets.last! + slots) }
        self.slotOffsets = offsets
    }

    /// Number of simulated backends.
    var backendCount: Int { recorded.count }

    /// Runs `policy` over `arrivals` (seconds, increasing, within `window`) until every request has an outcome.
    /// - Parameters:
    ///   - window: the recorded time replayed; backends with a phase shift wrap around within it.
    ///   - control: the client's hedging and admission control (none by default).
    ///   - log: when given, filled with each request's backend, latency (ms) and failure, by arrival; a rejected
    ///     request is logged as failed with latency −1.
    mutating func run<Policy: BalancerPolicy>(
        _ policy: inout Policy, arrivals: [Double], window: Range<Double>, control: ClientControl = ClientControl(), log: inout RequestLog?
    ) -> Outcome {
        // Events carry 32-bit request numbers to stay small in the heap.
        precondition(arrivals.count < Int(Int32.max), "at most \(Int32.max) requests per run")
        resetBackends()
        resetClient(control, requests: arrivals.count)
        let span = window.upperBound - window.lowerBound
        shift = setup.phase.map { $0 * span }
        windowStart = window.lowerBound
        windowSpan = span
        var outcome = Outcome(sent: [Int](repeating: 0, count: backendCount))
        var events = Heap<Event>()
        let timeoutMilliseconds = timeout * 1000
        let hedging = control.planner != nil
        let clock = ContinuousClock()
        let started = clock.now
        arrivals.withUnsafeBufferPointer { arrivals in
            for request in arrivals.indices {
                let now = arrivals[request]
                while let next = events.min, next.time <= now {
                    handle(events.removeMin(), arrivals, timeoutMilliseconds, &policy, &outcome, &log, &events)
                }
                guard let backend = policy.pick(at: now) else {
                    // An empty pool fails the request at once.
                    settled[request] = true
                    outcome.timeouts += 1
                    outcome.latencies.record(0)
                    log?.record(request, backend: 0, latency: 0, failed: true)
                    continue
                }
                guard admit(request, to: backend, at: now, policy.pool.features) else {
                    settled[request] = true
                    outcome.rejected += 1
                    log?.record(request, backend: backend, latency: -1, failed: true)
                    continue
                }
                // The backup delay is predicted from the backend as it is before this request joins it, as the model was trained.
                let delay = hedging ? hedgeDelay(to: backend, at: now, policy.pool.features) : .infinity
                let answer = send(request, to: backend, at: now, deadline: now + timeout, backup: false, &policy, &outcome, &events)
                guard hedging else { continue }
                let due = now + delay / 1000
                if answer <= due {
                    // Whether or not the delay lies past the deadline: the calibrator must hear of hits, or a
                    // correction that once grew past the timeout would never come back.
                    answersBeforeDelay[request] = true
                } else if due < now + timeout {
                    events.insert(
                        Event(
                            time: due, request: Int32(truncatingIfNeeded: request), backend: Int32(truncatingIfNeeded: backend), kind: .hedge,
                            backup: false, service: 0))
                }
            }
            while !events.isEmpty {
                handle(events.removeMin(), arrivals, timeoutMilliseconds, &policy, &outcome, &log, &events)
            }
        }
        let elapsed = started.duration(to: clock.now).components
        outcome.wallSeconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        outcome.ejections = policy.pool.ejections
        return outcome
    }

    private mutating func resetBackends() {
        let slots = slotOffsets.last!
        slotFree = [Double](repeating: -.infinity, count: slots)
        requestsInFlight = [Int](repeating: 0, count: backendCount)
        workRate = [Double](repeating: 0, count: backendCount)
        answerRate = [Double](repeating: 0, count: backendCount)
        lastReport = [Double](repeating: 0, count: backendCount)
        serverLatency = [Double](repeating: 0, count: backendCount)
    }

    private mutating func resetClient(_ control: ClientControl, requests: Int) {
        self.control = control
        settled = [Bool](repeating: false, count: requests)
        let hedging = control.planner != nil, limiting = control.limiter != nil || control.predictedLimiter != nil
        backupSentAt = hedging ? [Double](repeating: .nan, count: requests) : []
        answersBeforeDelay = hedging ? [Bool](repeating: false, count: requests) : []
        permits = limiting ? [LimiterPermit?](repeating: nil, count: requests) : []
    }

    /// Asks the client's limiter, if any, to admit `request`, bound for `backend`.
    @inline(__always)
    private mutating func admit(_ request: Int, to backend: Int, at now: Double, _ features: BackendFeatureTracker) -> Bool {
        let decision: LimiterDecision
        if control.limiter != nil {
            decision = control.limiter!.acquire(at: now)
        } else if control.predictedLimiter != nil {
            let predicted = control.limitModel!.latency(of: backend, features: features, at: now)
            decision = control.predictedLimiter!.acquire(predictedLatency: predicted, at: now)
        } else {
            return true
        }
        guard case .admitted(let permit) = decision else { return false }
        permits[request] = permit
        return true
    }

    /// Hands the request's permit back to the limiter, if it holds one.
    @inline(__always)
    private mutating func release(_ request: Int, answered: Bool, at time: Double) {
        guard !permits.isEmpty, let permit = permits[request] else { return }
        permits[request] = nil
        if control.limiter != nil {
            control.limiter!.release(permit, outcome: answered ? .success : .dropped, at: time)
        } else {
            control.predictedLimiter!.release(permit)
        }
    }

    /// How long (ms) to wait for the first copy before a backup; the planner notes the request against its budget.
    @inline(__always)
    private mutating func hedgeDelay(to backend: Int, at now: Double, _ features: BackendFeatureTracker) -> Double {
        let predicted = control.hedgeModel?.latency(of: backend, features: features, at: now) ?? control.staticDelay
        return control.planner!.delay(predicted: predicted, at: now)
    }

    /// Sends one copy of `request` to `backend`: the policy's and the backend's bookkeeping, probes, and its fate.
    /// - Returns: when the copy answers, or infinity when it will not answer by `deadline`.
    @inline(__always)
    private mutating func send<Policy: BalancerPolicy>(
        _ request: Int, to backend: Int, at now: Double, deadline: Double, backup: Bool, _ policy: inout Policy, _ outcome: inout Outcome,
        _ events: inout Heap<Event>
    ) -> Double {
        policy.started(backend, at: now)
        outcome.sent[backend] += 1
        while let probed = policy.nextProbe(at: now) {
            policy.didReceive(ProbeAnswer(requestsInFlight: requestsInFlight[probed], latency: serverLatency[probed]), from: probed, at: now)
        }
        return dispatch(request, to: backend, at: now, deadline: deadline, backup: backup, &events)
    }

    /// Settles the fate of one copy of `request` at `backend`: FIFO over the backend's slots, cut off at the deadline.
    /// - Returns: when the copy answers, or infinity when it will not answer by `deadline`.
    @inline(__always)
    private mutating func dispatch(_ request: Int, to backend: Int, at now: Double, deadline: Double, backup: Bool, _ events: inout Heap<Event>) -> Double {
        let key = SeededRandom.mix(seed &+ UInt64(request) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(backend) &* 0xD1B5_4A32_D192_ED03)
        var recordedTime = now + shift[backend]
        if recordedTime >= windowStart + windowSpan { recordedTime -= windowSpan }
        let service = sampler.draw(recorded[backend], at: recordedTime, key: key) / 1000
        var slot = slotOffsets[backend]
        for candidate in (slot + 1)..<slotOffsets[backend + 1] where slotFree[candidate] < slotFree[slot] { slot = candidate }
        let start = max(now, slotFree[slot])
        requestsInFlight[backend] += 1
        let id = Int32(truncatingIfNeeded: request), server = Int32(truncatingIfNeeded: backend)
        guard start < deadline else {
            events.insert(Event(time: deadline, request: id, backend: server, kind: .dropped, backup: backup, service: 0))
            return .infinity
        }
        let end = start + service
        slotFree[slot] = end
        if end <= deadline {
            events.insert(Event(time: end, request: id, backend: server, kind: .answered, backup: backup, service: Float(service)))
            return end
        }
        events.insert(Event(time: deadline, request: id, backend: server, kind: .timedOut, backup: backup, service: 0))
        events.insert(Event(time: end, request: id, backend: server, kind: .finished, backup: backup, service: Float(service)))
        return .infinity
    }

    @inline(__always)
    private mutating func handle<Policy: BalancerPolicy>(
        _ event: Event, _ arrivals: UnsafeBufferPointer<Double>, _ timeoutMilliseconds: Double, _ policy: inout Policy, _ outcome: inout Outcome,
        _ log: inout RequestLog?, _ events: inout Heap<Event>
    ) {
        let backend = Int(event.backend), request = Int(event.request)
        // The copy's own send time: the balancer learns the latency of the copy it sent.
        let sentAt = event.backup ? backupSentAt[request] : arrivals[request]
        switch event.kind {
        case .answered:
            let latency = (event.time - sentAt) * 1000
            backendFinished(backend, service: Double(event.service), latency: latency, at: event.time)
            policy.completed(backend, latency: latency, failed: false, at: event.time)
            policy.didReceive(loadReport(backend, at: event.time), from: backend, at: event.time)
            guard !settled[request] else { return }
            settled[request] = true
            let requestLatency = (event.time - arrivals[request]) * 1000
            outcome.answered += 1
            outcome.latencies.record(requestLatency)
            log?.record(request, backend: backend, latency: requestLatency, failed: false)
            if control.planner != nil, answersBeforeDelay[request] { control.planner!.answeredBeforeDelay() }
            release(request, answered: true, at: event.time)
        case .timedOut, .dropped:
            if event.kind == .dropped { requestsInFlight[backend] -= 1 }
            policy.completed(backend, latency: (event.time - sentAt) * 1000, failed: true, at: event.time)
            guard !settled[request] else { return }
            settled[request] = true
            outcome.timeouts += 1
            outcome.latencies.record(timeoutMilliseconds)
            log?.record(request, backend: backend, latency: timeoutMilliseconds, failed: true)
            release(request, answered: false, at: event.time)
        case .finished:
            backendFinished(backend, service: Double(event.service), latency: (event.time - sentAt) * 1000, at: event.time)
        case .hedge:
            guard !settled[request], control.planner!.delayElapsed(at: event.time) == .sendBackup,
                let backup = policy.pick(at: event.time, avoiding: backend), backup != backend
            else { return }
            outcome.backups += 1
            backupSentAt[request] = event.time
            _ = send(request, to: backup, at: event.time, deadline: arrivals[request] + timeout, backup: true, &policy, &outcome, &events)
        }
    }

    /// The backend's own bookkeeping when it finishes serving a request.
    @inline(__always)
    private mutating func backendFinished(_ backend: Int, service: Double, latency: Double, at time: Double) {
        requestsInFlight[backend] -= 1
        let keep = exp(-(time - lastReport[backend]) / Self.reportSeconds)
        workRate[backend] = workRate[backend] * keep + service / Self.reportSeconds
        answerRate[backend] = answerRate[backend] * keep + 1 / Self.reportSeconds
        lastReport[backend] = time
        serverLatency[backend] += 0.2 * (latency - serverLatency[backend])
    }

    /// What the backend reports with an answer (ORCA per-request metrics): busy fraction and answers per second.
    @inline(__always)
    private func loadReport(_ backend: Int, at time: Double) -> LoadReport {
        LoadReport(utilization: min(1, workRate[backend] / Double(concurrency[backend])), queriesPerSecond: answerRate[backend])
    }
}
