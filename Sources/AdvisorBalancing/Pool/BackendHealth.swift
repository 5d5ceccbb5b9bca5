/// One backend's outlier-detection state.
struct BackendHealth: Sendable {
    var consecutiveFailures = 0
    /// When the current ejection ends; NaN while not ejected.
    var ejectedUntil = Double.nan
    /// Ejections so far (sets the length of the next one); forgotten after a long healthy spell.
    var ejectionCount = 0
    var lastEjectionEnd = -Double.infinity
}
