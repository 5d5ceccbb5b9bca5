import CoreMetrics

/// Makes the swift-metrics handles of one watched type on one factory.
struct Metrics: Sendable {
    let factory: any MetricsFactory

    func counter(_ label: String, _ dimensions: [(String, String)]) -> DeltaCounter {
        DeltaCounter(Counter(label: label, dimensions: dimensions, factory: factory))
    }

    func secondsCounter(_ label: String, _ dimensions: [(String, String)]) -> DeltaSeconds {
        DeltaSeconds(FloatingPointCounter(label: label, dimensions: dimensions, factory: factory))
    }

    func gauge(_ label: String, _ dimensions: [(String, String)]) -> Gauge {
        Gauge(label: label, dimensions: dimensions, factory: factory)
    }
}

/// A swift-metrics counter fed from a runtime counter that only grows, by the difference since the last read.
struct DeltaCounter: Sendable {
    let counter: Counter
    /// The runtime counter's value at the last read.
    private(set) var last = 0

    init(_ counter: Counter) {
        self.counter = counter
    }

    /// Advances the counter to the runtime's `total`. A total below the last one means the runtime counter
    /// started again (a backend removed and added back), so all of it is new.
    mutating func advance(to total: Int) {
        let delta = total >= last ? total - last : total
        if delta > 0 { counter.increment(by: delta) }
        last = total
    }

    func destroy() { counter.destroy() }
}

/// A floating-point swift-metrics counter of seconds fed from a runtime sum in milliseconds, by difference.
struct DeltaSeconds: Sendable {
    let counter: FloatingPointCounter
    private(set) var lastMilliseconds = 0.0

    init(_ counter: FloatingPointCounter) {
        self.counter = counter
    }

    mutating func advance(toMilliseconds total: Double) {
        let delta = total >= lastMilliseconds ? total - lastMilliseconds : total
        if delta > 0 { counter.increment(by: delta / 1000) }
        lastMilliseconds = total
    }

    func destroy() { counter.destroy() }
}
