/// When a backend is ejected from the candidates as an outlier, and for how long.
///
/// Modelled on Envoy's outlier detection (consecutive failures, an ejection time that grows with
/// each ejection, a cap on the ejected fraction) plus a stall rule for a backend that holds
/// requests without answering any. The base ejection time is shorter than Envoy's 30 s because
/// the balancing replay covers minutes, not hours.
package struct OutlierSettings: Sendable, Equatable {
    /// Eject after this many failed responses in a row (Envoy's `consecutive_5xx`, default 5); 0 disables.
    package var consecutiveFailures = 5
    /// Eject a backend that has had requests in flight and answered none for this long (s); 0 disables.
    package var stallSeconds = 2.0
    /// First ejection time (s); the n-th ejection lasts n times as long, up to `maxEjectionMultiplier`.
    package var baseEjectionSeconds = 5.0
    /// Cap on the ejection-time multiplier.
    package var maxEjectionMultiplier = 6
    /// At most this fraction of the pool is ejected at once, but at least one backend of two or more may be
    /// (Envoy's `max_ejection_percent`, default 10 %). Timeouts under overload look like failures; a high cap
    /// would eject healthy backends and overload the rest further.
    package var maxEjectedFraction = 0.1
    /// How often stalls are looked for (s).
    package var sweepSeconds = 0.1

    package init() {}

    /// Outlier ejection switched off.
    package static var disabled: OutlierSettings {
        var settings = OutlierSettings()
        settings.consecutiveFailures = 0
        settings.stallSeconds = 0
        return settings
    }
}
