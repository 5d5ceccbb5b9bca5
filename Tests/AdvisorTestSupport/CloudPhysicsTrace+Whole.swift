extension CloudPhysicsTrace {
    /// The whole trace, read once per test run: several runtime-cache tests replay it.
    package static func whole() throws -> CloudPhysicsTrace {
        try wholeTrace.get()
    }

    private static let wholeTrace = Result { try load() }
}
