/// A balancing replay that cannot run: bad settings or a recording that cannot drive it.
public struct BalanceSimulationError: Error, CustomStringConvertible, Sendable {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
