import Foundation

/// A per-entry TTL from the entry's predicted reuse time: long for objects that come back
/// slowly but surely, short for those unlikely to return soon (the idea of d-TTL/f-TTL, driven
/// by a model instead of a hit-rate controller).
public struct AdaptiveTTL: Sendable {
    /// Predicts the log of the requests until an object's next request, at the moment of a request.
    public let model: ReuseTimeModel
    /// TTL = `multiplier` × predicted reuse time; larger holds more memory for more hits.
    public var multiplier: Double
    /// Clock units per request (seconds per request when the trace has timestamps, else 1),
    /// which turns a reuse time predicted in requests into the clock's unit.
    public var clockPerRequest: Double
    /// Bounds on the TTL, in clock units.
    public var floor: Double
    public var ceiling: Double

    public init(model: ReuseTimeModel, multiplier: Double, clockPerRequest: Double = 1, floor: Double = 0, ceiling: Double = .infinity) {
        self.model = model
        self.multiplier = multiplier
        self.clockPerRequest = clockPerRequest
        self.floor = floor
        self.ceiling = ceiling
    }

    /// The TTL of `id` after a request at `now`, in clock units.
    /// - Complexity: O(p), no allocation.
    public func ttl(of id: ObjectID, now: Int, history: ObjectHistory) -> Double {
        let predicted = expm1(model.score(fixed: model.fixedPart(of: id, in: history), age: 0))
        return min(ceiling, max(floor, multiplier * max(predicted, 0) * clockPerRequest))
    }
}
