import Foundation
import Testing

/// The report opened in a real browser: Debian's headless chromium loads the page, lays it out and paints it.
///
/// Without a `chromium` binary the test is reported as skipped (by its `.enabled(if:)` trait, with the reason),
/// never as passed. `.ci/run` installs chromium.
@Suite struct ChromiumRenderTests {
    static let chromium: URL? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"]
        .map(URL.init(fileURLWithPath:)).first { FileManager.default.isExecutableFile(atPath: $0.path) }

    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install chromium)"), .timeLimit(.minutes(3)))
    func theReportRendersInHeadlessChromiumWithoutErrors() async throws {
        let inputs = try await ReportInputs.made.value
        let (run, page) = try await inputs.report(inputs.all, name: "browser.html")
        #expect(run.status == 0, "\(run)")
        let html = try #require(page)
        let pageURL = inputs.directory.appendingPathComponent("browser.html")
        let screenshot = inputs.directory.appendingPathComponent("browser.png")
        let painted = try await Self.runChromium(
            ["--screenshot=\(screenshot.path)", "--window-size=1200,2000", pageURL.absoluteString], in: inputs)
        #expect(painted.status == 0, "\(painted.output)")
        let png = try Data(contentsOf: screenshot)
        #expect(png.count > 10_000 && png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(png.count) bytes")
        let dumped = try await Self.runChromium(["--dump-dom", pageURL.absoluteString], in: inputs)
        #expect(dumped.status == 0, "\(dumped.output)")
        // The browser's own DOM holds every section and every chart of the file: nothing failed to parse.
        #expect(dumped.dom.components(separatedBy: "<svg").count == html.components(separatedBy: "<svg").count)
        #expect(dumped.dom.components(separatedBy: "<section").count == 6)
        for output in [painted.output, dumped.output] {
            let pageErrors = output.split(separator: "\n").filter { line in
                line.contains("CONSOLE") || line.contains("Uncaught")
                    || (line.contains("browser.html") && line.lowercased().contains("error"))
            }
            #expect(pageErrors.isEmpty, "\(pageErrors)")
        }
    }

    /// Runs chromium headless on the page, killed after 90 seconds, and returns its status, stdout and stderr.
    static func runChromium(_ arguments: [String], in inputs: ReportInputs) async throws -> (status: Int32, dom: String, output: String) {
        let profile = inputs.directory.appendingPathComponent("chromium-profile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let stdoutURL = inputs.directory.appendingPathComponent("chromium-\(UUID().uuidString).out")
        let stderrURL = inputs.directory.appendingPathComponent("chromium-\(UUID().uuidString).err")
        try Data().write(to: stdoutURL)
        try Data().write(to: stderrURL)
        let process = Process()
        process.executableURL = try #require(chromium)
        process.arguments =
            ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)"] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try await withCheckedThrowingContinuation { (finished: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in finished.resume() }
            do {
                try process.run()
            } catch {
                finished.resume(throwing: error)
            }
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + 90) { if process.isRunning { kill(pid, SIGKILL) } }
        }
        return (
            process.terminationStatus, try String(contentsOf: stdoutURL, encoding: .utf8),
            try String(contentsOf: stdoutURL, encoding: .utf8) + (try String(contentsOf: stderrURL, encoding: .utf8))
        )
    }
}
