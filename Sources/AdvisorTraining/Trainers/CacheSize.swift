package import AdvisorCache
import Foundation

/// A cache size as given: objects or bytes, or a percentage of the trace's working set.
public enum CacheSize: Sendable, Hashable, CustomStringConvertible {
    case absolute(Int)
    case percent(Double)

    public init?(_ text: String) {
        if text.hasSuffix("%") {
            guard let value = Double(text.dropLast()), value > 0, value <= 100 else { return nil }
            self = .percent(value)
        } else {
            guard let value = Int(text), value > 0 else { return nil }
            self = .absolute(value)
        }
    }

    public var description: String {
        switch self {
        case .absolute(let value): "\(value)"
        case .percent(let value): "\(value.formatted())%"
        }
    }

    /// Capacity for a working set of `total` objects or bytes; a percentage gives at least 10
    /// objects, as libCacheSim's reference runs do.
    package func capacity(workingSet total: Double, unit: CapacityUnit) -> Int {
        switch self {
        case .absolute(let value): value
        case .percent(let value): max(unit == .objects ? 10 : 1, Int(value / 100 * total))
        }
    }
}
