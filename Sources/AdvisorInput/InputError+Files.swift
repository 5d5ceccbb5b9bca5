extension InputError.Code {
    /// A format needs a file that is not among the inputs (the request log of a join, the span files of a trace).
    public static let missingFile = InputError.Code("missingFile")
    /// An input cannot be used where it was given: a second file for a one-file format, a name that does not
    /// say what the file measures.
    public static let unexpectedFile = InputError.Code("unexpectedFile")
}
