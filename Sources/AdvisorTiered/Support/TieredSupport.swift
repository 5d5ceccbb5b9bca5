extension Duration {
    /// Whole milliseconds, truncated (for Redis `PX` and the disk level's wall-clock expiry).
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}

/// A tiered cache setting that cannot work as given.
public struct TieredConfigurationError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, naming the setting.
    public let description: String
    init(_ description: String) { self.description = description }
}
