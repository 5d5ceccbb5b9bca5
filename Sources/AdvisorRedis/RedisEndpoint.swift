/// Where a Redis server listens and how the client treats it.
package struct RedisEndpoint: Sendable, Equatable {
    package var host: String
    package var port: Int
    /// How long a command may wait for its reply before its connection is closed as unresponsive.
    package var commandTimeout: Duration
    /// How long opening a connection (TCP and `HELLO`) may take.
    package var connectTimeout: Duration
    /// The first wait before reconnecting; it doubles after each failure up to `maximumBackoff`.
    package var initialBackoff: Duration
    /// The longest wait between reconnection attempts: a server that comes back is found within
    /// about this long.
    package var maximumBackoff: Duration

    package init(
        host: String, port: Int, commandTimeout: Duration = .milliseconds(250), connectTimeout: Duration = .milliseconds(250),
        initialBackoff: Duration = .milliseconds(20), maximumBackoff: Duration = .milliseconds(400)
    ) {
        self.host = host
        self.port = port
        self.commandTimeout = commandTimeout
        self.connectTimeout = connectTimeout
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
    }
}
