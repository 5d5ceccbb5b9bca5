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
struct ClusterSimulation {
    private enum Kind: UInt8 {
        /// Answered in time: the client and the backend are both done.
        case answered
        /// The client gave up; the backend is still serving it.
        case timedOut
        /// The client gave up while it was still queued; the backend drops it.
        case dropped
        /// The backend finished a request the client had given up on.
        case finished
    }

    private struct Event: Comparable {
        var time: Double
        var request: Int32
        var backend: Int32
        var kind: Kind
        /// Service time (s), for the backend's utilization.
        var service: Float

        static func < (a: Event, b: Event) -> Bool {
            a.time != b.time ? a.time < b.time : (a.request != b.request ? a.request < b.request : a.kind.rawValue < b.kind.rawValue)
        }

        static func == (a: Event, b: Event) -> Bool {
            a.time == b.time && a.request == b.request && a.kind == b.kind
        }
    }

    /// What one run measured.
    struct Outcome {
        var latencies = LatencyHistogram()
        var timeouts = 0
        var answered = 0
        /// Requests sent per simulated backend.
        var sent: [Int]
        var wallSeconds = 0.0
        var ejections = 0
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
    ///   - log: when given, filled with each request's backend, latency (ms) and failure, by arrival.
    mutating func run<Policy: BalancerPolicy>(_ policy: inout Policy, arrivals: [Double], window: Range<Double>, log: inout RequestLog?) -> Outcome {
        // Events carry 32-bit request numbers to stay small in the heap.
        precondition(arrivals.count < Int(Int32.max), "at most \(Int32.max) requests per run")
        resetBackends()
        let span = window.upperBound - window.lowerBound
        shift = setup.phase.map { $0 * span }
        windowStart = window.lowerBound
        windowSpan = span
        var outcome = Outcome(sent: [Int](repeating: 0, count: backendCount))
        var events = Heap<Event>()
        let timeoutMilliseconds = timeout * 1000
        let clock = ContinuousClock()
        let started = clock.now
        arrivals.withUnsafeBufferPointer { arrivals in
            for request in arrivals.indices {
                let now = arrivals[request]
                while let next = events.min, next.time <= now {
                    handle(events.removeMin(), arrivals, timeoutMilliseconds, &policy, &outcome, &log)
                }
                guard let backend = policy.pick(at: now) else {
                    // An empty pool fails the request at once.
                    outcome.timeouts += 1
                    outcome.latencies.record(0)
                    log?.record(request, backend: 0, latency: 0, failed: true)
                    continue
                }
                policy.started(backend, at: now)
                outcome.sent[backend] += 1
                while let probed = policy.nextProbe(at: now) {
                    policy.didReceive(ProbeAnswer(requestsInFlight: requestsInFlight[probed], latency: serverLatency[probed]), from: probed, at: now)
                }
                dispatch(request, to: backend, at: now, &events)
            }
            while !events.isEmpty {
                handle(events.removeMin(), arrivals, timeoutMilliseconds, &policy, &outcome, &log)
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

    /// Settles the fate of `request` at `backend`: FIFO over the backend's slots, cut off at the deadline.
    @inline(__always)
    private mutating func dispatch(_ request: Int, to backend: Int, at now: Double, _ events: inout Heap<Event>) {
        let key = SeededRandom.mix(seed &+ UInt64(request) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(backend) &* 0xD1B5_4A32_D192_ED03)
        var recordedTime = now + shift[backend]
        if recordedTime >= windowStart + windowSpan { recordedTime -= windowSpan }
        let service = sampler.draw(recorded[backend], at: recordedTime, key: key) / 1000
        var slot = slotOffsets[backend]
        for candidate in (slot + 1)..<slotOffsets[backend + 1] where slotFree[candidate] < slotFree[slot] { slot = candidate }
        let start = max(now, slotFree[slot])
        let deadline = now + timeout
        requestsInFlight[backend] += 1
        let id = Int32(truncatingIfNeeded: request), server = Int32(truncatingIfNeeded: backend)
        guard start < deadline else {
            events.insert(Event(time: deadline, request: id, backend: server, kind: .dropped, service: 0))
            return
        }
        let end = start + service
        slotFree[slot] = end
        if end <= deadline {
            events.insert(Event(time: end, request: id, backend: server, kind: .answered, service: Float(service)))
        } else {
            events.insert(Event(time: deadline, request: id, backend: server, kind: .timedOut, service: 0))
            events.insert(Event(time: end, request: id, backend: server, kind: .finished, service: Float(service)))
        }
    }

    @inline(__always)
    private mutating func handle<Policy: BalancerPolicy>(
        _ event: Event, _ arrivals: UnsafeBufferPointer<Double>, _ timeoutMilliseconds: Double, _ policy: inout Policy, _ outcome: inout Outcome,
        _ log: inout RequestLog?
    ) {
        let backend = Int(event.backend), request = Int(event.request)
        switch event.kind {
        case .answered:
            let latency = (event.time - arrivals[request]) * 1000
            backendFinished(backend, service: Double(event.service), latency: latency, at: event.time)
            outcome.answered += 1
            outcome.latencies.record(latency)
            log?.record(request, backend: backend, latency: latency, failed: false)
            policy.completed(backend, latency: latency, failed: false, at: event.time)
            policy.didReceive(loadReport(backend, at: event.time), from: backend, at: event.time)
        case .timedOut, .dropped:
            if event.kind == .dropped { requestsInFlight[backend] -= 1 }
            outcome.timeouts += 1
            outcome.latencies.record(timeoutMilliseconds)
            log?.record(request, backend: backend, latency: timeoutMilliseconds, failed: true)
            policy.completed(backend, latency: timeoutMilliseconds, failed: true, at: event.time)
        case .finished:
            backendFinished(backend, service: Double(event.service), latency: (event.time - arrivals[request]) * 1000, at: event.time)
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
