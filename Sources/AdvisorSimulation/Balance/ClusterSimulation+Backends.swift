import AdvisorBalancing
import Foundation
import HeapModule

/// The simulated backends' side: slots, service, and what a backend reports with an answer.
extension ClusterSimulation {
    /// Starts serving `copy` in a slot of `backend` already counted busy, and schedules the end of its service.
    /// - Returns: when the copy answers, or infinity when it ends past its deadline.
    @inline(__always)
    mutating func start(
        _ copy: Int, of request: Int, at backend: Int, _ now: Double, service: Double, deadline: Double, _ outcome: inout Outcome,
        _ events: inout Heap<Event>
    ) -> Double {
        copyState[copy] = .serving
        outcome.served += 1
        let end = now + service
        let answers = end <= deadline
        events.insert(
            Event(
                time: end, request: Int32(truncatingIfNeeded: request), backend: Int32(truncatingIfNeeded: backend),
                kind: answers ? .answered : .finished,
                backup: copy >= requests, service: Float(service)))
        return answers ? end : .infinity
    }

    /// Frees the slot `backend` served a copy in, and starts the first copy still waiting for one before its deadline.
    @inline(__always)
    mutating func freeSlot(
        _ backend: Int, at now: Double, _ arrivals: UnsafeBufferPointer<Double>, _ outcome: inout Outcome, _ events: inout Heap<Event>
    ) {
        busySlots[backend] -= 1
        while let (copy, service) = waiting.removeFirst(of: backend) {
            // Cancelled or dropped copies stay in the queue until they reach its front.
            guard copyState[copy] == .queued else { continue }
            let request = copy < requests ? copy : copy - requests
            let deadline = arrivals[request] + timeout
            // Due now: its deadline, handled at this same time, drops it.
            guard now < deadline else { continue }
            busySlots[backend] += 1
            _ = start(copy, of: request, at: backend, now, service: service, deadline: deadline, &outcome, &events)
            return
        }
    }

    /// The backend's own bookkeeping when it finishes serving a request.
    @inline(__always)
    mutating func backendFinished(_ backend: Int, service: Double, latency: Double, at time: Double) {
        requestsInFlight[backend] -= 1
        let keep = exp(-(time - lastReport[backend]) / Self.reportSeconds)
        workRate[backend] = workRate[backend] * keep + service / Self.reportSeconds
        answerRate[backend] = answerRate[backend] * keep + 1 / Self.reportSeconds
        lastReport[backend] = time
        serverLatency[backend] += 0.2 * (latency - serverLatency[backend])
    }

    /// What the backend reports with an answer (ORCA per-request metrics): busy fraction and answers per second.
    @inline(__always)
    func loadReport(_ backend: Int, at time: Double) -> LoadReport {
        LoadReport(utilization: min(1, workRate[backend] / Double(concurrency[backend])), queriesPerSecond: answerRate[backend])
    }
}
