import Foundation

/// A real `redis-server` of the test's own, on a loopback port nobody else uses, with its files in
/// a fresh temporary folder and persistence off; stopped by pid when the test ends.
///
/// `@unchecked Sendable`: the process handle is only touched by the test that owns the server,
/// one call at a time.
package final class RedisServer: @unchecked Sendable {
    package let port: Int
    let directory: URL
    private var process: Process?

    /// Starts a server and waits until it answers `PING`.
    /// - Throws: when `redis-server` is not installed or does not come up within 5 seconds.
    package init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = try Self.freePort()
        try start()
    }

    deinit {
        terminate()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Starts the server (again) on the same port.
    package func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        process.arguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--dir", directory.path, "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--protected-mode", "no",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        try waitUntilReady()
    }

    /// `kill -9`: the server dies with its connections.
    package func kill() {
        guard let process else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// `SIGSTOP`: the server keeps its sockets but stops answering.
    package func pause() {
        if let process { Foundation.kill(process.processIdentifier, SIGSTOP) }
    }

    /// `SIGCONT` after `pause()`.
    package func resume() {
        if let process { Foundation.kill(process.processIdentifier, SIGCONT) }
    }

    /// Stops the server for good (resuming it first if paused).
    package func terminate() {
        guard let process else { return }
        Foundation.kill(process.processIdentifier, SIGCONT)
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Runs `redis-cli` against this server and returns what it printed.
    @discardableResult
    package func cli(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-cli")
        process.arguments = ["-p", String(port)] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func waitUntilReady() throws {
        for _ in 0..<100 {
            if (try? cli("PING")) == "PONG" { return }
            usleep(50_000)
        }
        throw ServerError("redis-server on port \(port) did not answer PING within 5 s")
    }

    /// A port the kernel just handed out for loopback, closed again for the server to take.
    private static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ServerError("socket() failed") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw ServerError("bind() on loopback failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A test fixture that could not be set up.
package struct ServerError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

/// Polls `condition` every 10 ms for up to `seconds`: for states reached in the background
/// (a reconnection), never as a timing assertion. The bound is only there so a broken state cannot hang
/// the run: inside the whole suite on 2 cores the CPU-bound replays can keep background tasks waiting for
/// a thread for minutes (5 s was seen to fail there, and 120 s on a loaded machine where a metrics exporter's task
/// waited 35 minutes for a thread while the replays held both), so it is generous and costs nothing when the state
/// comes quickly: a state that never comes fails after 15 minutes instead of hanging the run.
package func eventually(within seconds: Double = 900, _ condition: () async -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}

/// A fresh temporary folder's path for `name`.
package func temporaryPath(_ name: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-tiered-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent(name).path
}
