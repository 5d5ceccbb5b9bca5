/// Receives one-line progress messages during long work (the CLI prints them on stderr).
public typealias ProgressHandler = @Sendable (String) -> Void
