/// A fitting or model-file error, with a code to match on and a message for people.
public struct LearningError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public var description: String { rawValue }
        /// No rows (or no rows with positive weight) to fit.
        public static let noRows = Code(rawValue: "no-rows")
        /// Fewer rows than coefficients with no penalty to make the problem determined.
        public static let tooFewRows = Code(rawValue: "too-few-rows")
        /// A value, weight or result is NaN or infinite.
        public static let nonFinite = Code(rawValue: "non-finite")
        /// Every feature is constant, or the target is constant where that makes the fit meaningless.
        public static let degenerate = Code(rawValue: "degenerate")
        /// Logistic labels outside {0, 1}, a quantile outside (0, 1), a negative penalty.
        public static let invalidArgument = Code(rawValue: "invalid-argument")
        /// An iterative fit did not converge (for example perfectly separable classes without a penalty).
        public static let notConverged = Code(rawValue: "not-converged")
        /// A model file that cannot be trusted: unknown schema version, wrong features, non-finite numbers.
        public static let invalidModel = Code(rawValue: "invalid-model")
        /// A model file could not be read or written.
        public static let io = Code(rawValue: "io")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
