package import AdvisorSupport

/// Keeps one connection open for as long as it runs: connects, hands the connection to `serve`,
/// and when it closes (or the attempt fails) waits with exponential backoff and tries again.
///
/// The backoff starts at the endpoint's initial wait and doubles up to its maximum, and resets
/// once a connection has been open; so a server that comes back is found within about the
/// maximum backoff plus one connect.
package struct ReconnectLoop: Sendable {
    let endpoint: RedisEndpoint
    let clock: ElapsedClock

    package init(endpoint: RedisEndpoint, clock: ElapsedClock) {
        self.endpoint = endpoint
        self.clock = clock
    }

    /// Runs until the task is cancelled.
    /// - Parameters:
    ///   - connect: opens a connection (and prepares it: tracking, subscriptions).
    ///   - serve: uses the open connection; returns when it has closed.
    package func run(connect: () async throws -> RedisConnection, serve: (RedisConnection) async -> Void) async {
        var backoff = endpoint.initialBackoff
        while !Task.isCancelled {
            do {
                let connection = try await connect()
                backoff = endpoint.initialBackoff
                await serve(connection)
            } catch {
                // The server is down or unresponsive; the wait below spaces the attempts.
            }
            guard (try? await clock.sleep(for: backoff)) != nil else { return }
            backoff = min(backoff * 2, endpoint.maximumBackoff)
        }
    }
}
