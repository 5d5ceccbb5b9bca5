import Foundation

/// A per-entry TTL from the entry's predicted reuse time (the idea of d-TTL/f-TTL, driven by a
/// model instead of a hit-rate controller).
///
/// An entry is kept for `multiplier` × its predicted reuse time — long enough for the request the
/// model expects — but only when that is within `horizon`: an object predicted to come back later
/// than the horizon would hold memory for a long time for one hit, so it gets the `floor` instead.
/// Sweeping the horizon trades hits for memory, as sweeping a fixed TTL does.
package struct AdaptiveTTL: Sendable {
    /// Predicts the log of the requests until an object's next request, at the moment of a request.
    package let model: ReuseTimeModel
    /// TTL = `multiplier` × predicted reuse time; larger holds more memory for more hits.
    package var multiplier: Double
    /// Clock units per request (seconds per request when the trace has timestamps, else 1),
    /// which turns a reuse time predicted in requests into the clock's unit.
    package var clockPerRequest: Double
    /// Longest TTL worth giving, in clock units; an entry whose TTL would exceed it gets `floor`.
    package var horizon: Double
    /// Shortest TTL, in clock units (0: an entry not worth keeping expires at once).
    package var floor: Double

    package init(model: ReuseTimeModel, multiplier: Double, clockPerRequest: Double = 1, horizon: Double = .infinity, floor: Double = 0) {
        self.model = model
        self.multiplier = multiplier
        self.clockPerRequest = clockPerRequest
        self.horizon = horizon
        self.floor = floor
    }

    /// The TTL of `id` after a request at `now`, in clock units.
    /// - Complexity: O(p), no allocation.
    package func ttl(of id: ObjectID, now: Int, history: ObjectHistory) -> Double {
        let predicted = expm1(model.score(fixed: model.fixedPart(of: id, in: history), age: 0))
        let ttl = multiplier * max(predicted, 0) * clockPerRequest
        return ttl <= horizon ? max(floor, ttl) : floor
    }
}
