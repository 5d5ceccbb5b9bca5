/// How a request ended: the one outcome every request-path type is told.
///
/// The backend set's feature tracker counts every outcome but `succeeded` (and `cancelled`) as a
/// failure; the circuit breaker counts `failed`, `timedOut` and `overloaded` as failures and gives a
/// cancelled call back uncounted; the concurrency limiters sample a success's round-trip time, take
/// `timedOut` and `overloaded` as congestion, and learn nothing from the rest; the timeout advisor's
/// correction counts `timedOut` as a miss.
public enum RequestOutcome: Sendable, Equatable {
    /// It answered, successfully.
    case succeeded
    /// It answered with an error that says nothing about load (a bad request, a missing key).
    case failed
    /// It was cut off at its timeout.
    case timedOut
    /// The backend refused it for overload (HTTP 429 or 503, a full queue): a congestion signal.
    case overloaded
    /// The caller gave it up (a hedged request's loser, a cancelled task): it says nothing about the service.
    case cancelled

    /// Whether the backend failed the request (an error, a timeout or an overload refusal).
    @usableFromInline var isFailure: Bool { self == .failed || self == .timedOut || self == .overloaded }

    /// Whether the outcome says the service is congested.
    var isCongestion: Bool { self == .timedOut || self == .overloaded }
}
