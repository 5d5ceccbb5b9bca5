import Foundation
import Testing

/// The built `advisor` binary, run as a user runs it: a subprocess with arguments and a working directory.
enum Advisor {
    /// What one run of the binary did.
    struct Run: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String

        var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }

        /// The one JSON object a `--json` run prints on stdout.
        func json(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            return try #require(object as? [String: Any], "stdout is not one JSON object: \(self)", sourceLocation: sourceLocation)
        }
    }

    /// argument-parser's exit code for a bad flag or a failed `validate()` (EX_USAGE).
    static let usageError: Int32 = 64

    /// Runs `advisor` with `arguments` in `directory` (the test's own working directory when nil) and waits for it.
    ///
    /// Output goes to files rather than pipes, so a chatty run can never block on a full pipe; the wait is
    /// asynchronous, so runs do not hold the test runner's threads. `standardOutput` / `standardError` send a
    /// stream to that path instead (such as `/dev/full`); the run's text for it is then empty.
    static func run(
        _ arguments: [String], in directory: URL? = nil, standardOutput: String? = nil, standardError: String? = nil
    ) async throws -> Run {
        let capture = try ScratchFolder()
        let stdoutURL = capture.url.appendingPathComponent("stdout")
        let stderrURL = capture.url.appendingPathComponent("stderr")
        try Data().write(to: stdoutURL)
        try Data().write(to: stderrURL)
        let stdout = try FileHandle(forWritingTo: standardOutput.map(URL.init(fileURLWithPath:)) ?? stdoutURL)
        let stderr = try FileHandle(forWritingTo: standardError.map(URL.init(fileURLWithPath:)) ?? stderrURL)
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try await withCheckedThrowingContinuation { (finished: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in finished.resume() }
            do {
                try process.run()
            } catch {
                finished.resume(throwing: error)
            }
        }
        try stdout.close()
        try stderr.close()
        return Run(
            status: process.terminationStatus,
            stdout: try String(contentsOf: stdoutURL, encoding: .utf8),
            stderr: try String(contentsOf: stderrURL, encoding: .utf8))
    }

    /// Where `swift build` put the binary: beside the test bundle (`.build/<config>/`), else under the
    /// repository's `.build/debug` or `.build/release`; `ADVISOR_BINARY` overrides both.
    static func binary() throws -> URL {
        let found = candidateFolders().lazy.map { $0.appendingPathComponent("advisor") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return try #require(found, "no built advisor binary beside the tests or in .build/{debug,release}; run swift build first")
    }

    private static func candidateFolders() -> [URL] {
        if let override = ProcessInfo.processInfo.environment["ADVISOR_BINARY"] {
            return [URL(fileURLWithPath: override).deletingLastPathComponent()]
        }
        // Linux runs the test bundle as the process itself; macOS loads `*.xctest` into a runner.
        let bundles = Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }.map { $0.deletingLastPathComponent() }
        let executable = Bundle.main.executableURL.map { [$0.resolvingSymlinksInPath().deletingLastPathComponent()] } ?? []
        let build = TestData.repository.appendingPathComponent(".build")
        return executable + bundles + [build.appendingPathComponent("debug"), build.appendingPathComponent("release")]
    }
}
