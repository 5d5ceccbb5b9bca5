public import AdvisorBalancing
import CoreMetrics
import Logging

extension AdvisorMetrics {
    /// Exports a circuit breaker: `advisor_breaker_state{breaker,state}` (1 for the state it is in, 0 for the
    /// other two; `state` is `closed`, `open` or `half_open`), `advisor_breaker_transitions_total{breaker,to}`
    /// and `advisor_breaker_rejections_total{breaker}`. Each transition since the last report is logged: an
    /// opening as a warning, the others as notices. The breaker counts every transition itself, so none is
    /// missed between two reports, however short it was.
    /// - Parameters:
    ///   - breaker: the breaker to read at each report.
    ///   - name: the value of the `breaker` label.
    public func watch(_ breaker: SharedCircuitBreaker, name: String) {
        watch { BreakerExport(name: name, metrics: $0, breaker: breaker) }
    }
}

/// A circuit breaker's state and transitions, exported by difference.
struct BreakerExport: MetricsExport {
    /// The `state` and `to` label of each state, as Prometheus users write them.
    static func label(_ state: CircuitState) -> String {
        switch state {
        case .closed: "closed"
        case .open: "open"
        case .halfOpen: "half_open"
        }
    }

    let name: String
    let breaker: SharedCircuitBreaker
    let states: [Gauge]
    var transitions: [DeltaCounter]
    var rejections: DeltaCounter

    init(name: String, metrics: Metrics, breaker: SharedCircuitBreaker) {
        self.name = name
        self.breaker = breaker
        states = CircuitState.allCases.map { metrics.gauge("advisor_breaker_state", [("breaker", name), ("state", Self.label($0))]) }
        transitions = CircuitState.allCases.map {
            metrics.counter("advisor_breaker_transitions_total", [("breaker", name), ("to", Self.label($0))])
        }
        rejections = metrics.counter("advisor_breaker_rejections_total", [("breaker", name)])
    }

    mutating func export(logger: Logger) {
        let reading = breaker.reading()
        for (index, state) in CircuitState.allCases.enumerated() {
            states[index].record(state == reading.state ? 1 : 0)
            let before = transitions[index].last
            transitions[index].advance(to: reading.entered[state])
            let entered = reading.entered[state] - before
            guard entered > 0 else { continue }
            let metadata: Logger.Metadata = [
                "breaker": "\(name)", "times": "\(entered)", "state": "\(Self.label(reading.state))", "rejections": "\(reading.rejections)",
            ]
            switch state {
            case .open: logger.warning("circuit breaker opened", metadata: metadata)
            case .halfOpen: logger.notice("circuit breaker half-open: trial calls go through", metadata: metadata)
            case .closed: logger.notice("circuit breaker closed", metadata: metadata)
            }
        }
        rejections.advance(to: reading.rejections)
    }
}
