import AdvisorBalancing
import AdvisorSupport
import Foundation
import HeapModule

/// The discrete-event model of a client balancing requests over simulated backends.
///
/// Each backend serves `concurrency` copies at once; the others wait in its first-come-first-served
/// queue (`WaitingCopies`) and start when a slot frees. A copy's service time is drawn from the
/// recording (`ServiceTimeSampler`) when it is sent, for its backend and send time, keyed by (seed,
/// request, backend), so every policy sees the same draws whatever the queues did. The client gives
/// up on a request at its deadline (`timeout` after sending): it counts as a timeout with the timeout
/// as its latency, and the balancer learns of it then as a failure of each copy still outstanding. A
/// copy still queued at its deadline is dropped by the backend (the cancellation reaches it, as with
/// gRPC deadlines); one already in service runs to the end and keeps its slot busy. The heap holds
/// the end of each copy's service and the backup delays; deadlines come in arrival order, so they
/// are read off the arrivals rather than queued.
///
/// Around the balancer sits the client's `ClientControl`: a limiter may reject a request before it
/// is sent (it is then neither answered nor timed out), and a hedge planner may send a backup copy
/// to another backend when the first has not answered by its delay. The request is answered by
/// whichever copy answers first, and the client then cancels the other (Finagle's backup requests,
/// The Tail at Scale): a loser still queued is taken out of its backend's queue and never served, and
/// the balancer hears of it as completed, its latency the time since it was sent (a lower bound); a
/// loser already in service runs to the end (no preemption) and reports like any answer.
struct ClusterSimulation {
    /// Time constant of the backends' utilization and rate estimates (s).
    static let reportSeconds = 1.0

    let setup: ScenarioSetup
    let timeout: Double
    let seed: UInt64
    var sampler: ServiceTimeSampler
    let recorded: [Int]
    let concurrency: [Int]

    // Backend-side state, by simulated backend.
    /// Slots serving a copy.
    var busySlots: [Int] = []
    var waiting = WaitingCopies()
    var requestsInFlight: [Int] = []
    var workRate: [Double] = []
    var answerRate: [Double] = []
    var lastReport: [Double] = []
    var serverLatency: [Double] = []
    /// Recorded-time shift per simulated backend (s), and the window it wraps in.
    var shift: [Double] = []
    var windowStart = 0.0
    var windowSpan = 1.0

    // Client-side state, by request, and by copy: copy `r` is request r's first, copy `requests + r` its backup.
    var control = ClientControl()
    var requests = 0
    /// Whether the request's outcome (answered, timed out, rejected) is known.
    var settled: [Bool] = []
    var copyState: [CopyState] = []
    var copyBackend: [Int32] = []
    /// When the backup copy was sent (hedging only).
    var backupSentAt: [Double] = []
    /// When the request's backup delay elapses: a first copy answering by then is the hedge planner's news that no
    /// backup was needed (hedging only).
    var hedgeDue: [Double] = []
    /// The limiter's permit (limiting only).
    var permits: [LimiterPermit?] = []

    /// - Parameters:
    ///   - timeout: seconds after sending at which the client gives up.
    init(setup: ScenarioSetup, sampler: ServiceTimeSampler, timeout: Double, seed: UInt64) {
        self.setup = setup
        self.sampler = sampler
        self.timeout = timeout
        self.seed = seed
        self.recorded = setup.recordedBackend
        self.concurrency = setup.concurrency
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
        // Events carry 32-bit request numbers, and queues 32-bit copy numbers, to stay small.
        precondition(arrivals.count < Int(Int32.max) / 2, "at most \(Int32.max / 2) requests per run")
        resetBackends()
        resetClient(control, requests: arrivals.count)
        let span = window.upperBound - window.lowerBound
        shift = setup.phase.map { $0 * span }
        windowStart = window.lowerBound
        windowSpan = span
        var outcome = Outcome(sent: [Int](repeating: 0, count: backendCount))
        var events = Heap<Event>()
        // The next request whose deadline is still to come.
        var deadlines = 0
        let hedging = control.planner != nil
        let clock = ContinuousClock()
        let started = clock.now
        arrivals.withUnsafeBufferPointer { arrivals in
            for request in arrivals.indices {
                let now = arrivals[request]
                advance(through: now, &deadlines, arrivals, &policy, &outcome, &log, &events)
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
                let delay = hedging ? self.control.planner!.delay(predicted: self.control.staticDelay, at: now) : .infinity
                let answer = send(request, to: backend, at: now, backup: false, arrivals, &policy, &outcome, &events)
                if hedging { scheduleBackup(request, from: backend, at: now, after: delay, answer: answer, &events) }
            }
            advance(through: .infinity, &deadlines, arrivals, &policy, &outcome, &log, &events)
        }
        outcome.wallSeconds = started.duration(to: clock.now).seconds
        outcome.ejections = policy.pool.ejections
        return outcome
    }

    private mutating func resetBackends() {
        busySlots = [Int](repeating: 0, count: backendCount)
        waiting.reset(backends: backendCount)
        requestsInFlight = [Int](repeating: 0, count: backendCount)
        workRate = [Double](repeating: 0, count: backendCount)
        answerRate = [Double](repeating: 0, count: backendCount)
        lastReport = [Double](repeating: 0, count: backendCount)
        serverLatency = [Double](repeating: 0, count: backendCount)
    }

    private mutating func resetClient(_ control: ClientControl, requests: Int) {
        self.control = control
        self.requests = requests
        settled = [Bool](repeating: false, count: requests)
        let hedging = control.planner != nil
        let limiting = control.limiter != nil || !control.predictedLimiters.isEmpty
        copyState = [CopyState](repeating: .unsent, count: hedging ? 2 * requests : requests)
        copyBackend = [Int32](repeating: -1, count: copyState.count)
        backupSentAt = hedging ? [Double](repeating: .nan, count: requests) : []
        hedgeDue = hedging ? [Double](repeating: .infinity, count: requests) : []
        permits = limiting ? [LimiterPermit?](repeating: nil, count: requests) : []
    }

    /// Sends one copy of `request` to `backend`: the policy's and the backend's bookkeeping, probes, and the copy's service.
    /// - Returns: when the copy answers if it started at once (infinity when that is past its deadline), nil when it waits.
    @inline(__always)
    mutating func send<Policy: BalancerPolicy>(
        _ request: Int, to backend: Int, at now: Double, backup: Bool, _ arrivals: UnsafeBufferPointer<Double>, _ policy: inout Policy,
        _ outcome: inout Outcome, _ events: inout Heap<Event>
    ) -> Double? {
        policy.started(backend, at: now)
        outcome.sent[backend] += 1
        while let probed = policy.nextProbe(at: now) {
            policy.didReceive(
                ProbeAnswer(requestsInFlight: requestsInFlight[probed], latency: serverLatency[probed]), from: probed, at: now)
        }
        // The service time is drawn at sending, for the send time: the same draw whatever the queue ahead does.
        let key = SeededGenerator.mix(seed &+ UInt64(request) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(backend) &* 0xD1B5_4A32_D192_ED03)
        var recordedTime = now + shift[backend]
        if recordedTime >= windowStart + windowSpan { recordedTime -= windowSpan }
        let service = sampler.draw(recorded[backend], at: recordedTime, key: key) / 1000
        requestsInFlight[backend] += 1
        let copy = backup ? requests + request : request
        copyBackend[copy] = Int32(truncatingIfNeeded: backend)
        if busySlots[backend] < concurrency[backend] {
            busySlots[backend] += 1
            return start(copy, of: request, at: backend, now, service: service, deadline: arrivals[request] + timeout, &outcome, &events)
        }
        copyState[copy] = .queued
        waiting.append(copy, service: service, to: backend)
        return nil
    }

    /// Handles the heap's events and the requests' deadlines due by `limit`, in time order (then by request, then by kind).
    @inline(__always)
    private mutating func advance<Policy: BalancerPolicy>(
        through limit: Double, _ deadlines: inout Int, _ arrivals: UnsafeBufferPointer<Double>, _ policy: inout Policy,
        _ outcome: inout Outcome,
        _ log: inout RequestLog?, _ events: inout Heap<Event>
    ) {
        while true {
            let deadline = deadlines < arrivals.count ? arrivals[deadlines] + timeout : .infinity
            if let next = events.min, next.precedes(deadlineOf: deadlines, at: deadline) {
                guard next.time <= limit else { return }
                handle(events.removeMin(), arrivals, &policy, &outcome, &log, &events)
            } else {
                guard deadlines < arrivals.count, deadline <= limit else { return }
                expire(deadlines, at: deadline, arrivals, &policy, &outcome, &log)
                deadlines += 1
            }
        }
    }

    /// The client gives up on `request` at its deadline unless it was answered; the balancer hears of a failure for each copy
    /// still outstanding, and a backend drops a copy still queued.
    @inline(__always)
    private mutating func expire<Policy: BalancerPolicy>(
        _ request: Int, at deadline: Double, _ arrivals: UnsafeBufferPointer<Double>, _ policy: inout Policy, _ outcome: inout Outcome,
        _ log: inout RequestLog?
    ) {
        // The first copy, then the backup when hedging.
        for copy in stride(from: request, to: copyState.count, by: requests) {
            switch copyState[copy] {
            case .queued:
                copyState[copy] = .done
                requestsInFlight[Int(copyBackend[copy])] -= 1
                outcome.dropped += 1
            case .serving: break
            case .unsent, .done: continue
            }
            let backend = Int(copyBackend[copy])
            let sentAt = copy >= requests ? backupSentAt[request] : arrivals[request]
            policy.completed(backend, latency: (deadline - sentAt) * 1000, failed: true, at: deadline)
            guard !settled[request] else { continue }
            settled[request] = true
            let timeoutMilliseconds = timeout * 1000
            outcome.timeouts += 1
            outcome.latencies.record(timeoutMilliseconds)
            log?.record(request, backend: backend, latency: timeoutMilliseconds, failed: true)
            release(request, answered: false, at: deadline)
        }
    }

    @inline(__always)
    private mutating func handle<Policy: BalancerPolicy>(
        _ event: Event, _ arrivals: UnsafeBufferPointer<Double>, _ policy: inout Policy, _ outcome: inout Outcome, _ log: inout RequestLog?,
        _ events: inout Heap<Event>
    ) {
        let backend = Int(event.backend)
        let request = Int(event.request)
        let copy = event.backup ? requests + request : request
        // The copy's own send time: the balancer learns the latency of the copy it sent.
        let sentAt = event.backup ? backupSentAt[request] : arrivals[request]
        switch event.kind {
        case .answered:
            copyState[copy] = .done
            freeSlot(backend, at: event.time, arrivals, &outcome, &events)
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
            if control.planner != nil { answeredHedged(request, byBackup: event.backup, at: event.time, arrivals, &policy, &outcome) }
            release(request, answered: true, at: event.time)
        case .finished:
            copyState[copy] = .done
            freeSlot(backend, at: event.time, arrivals, &outcome, &events)
            backendFinished(backend, service: Double(event.service), latency: (event.time - sentAt) * 1000, at: event.time)
        case .hedge:
            sendBackup(request, avoiding: backend, at: event.time, arrivals, &policy, &outcome, &events)
        }
    }
}
