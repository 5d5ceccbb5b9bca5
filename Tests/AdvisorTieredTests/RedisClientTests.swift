import AdvisorSupport
import AdvisorTestSupport
import Foundation
import NIOPosix
import Synchronization
import Testing

@testable import AdvisorRedis

@Suite(.serialized)
struct RedisClientTests {
    private func endpoint(_ server: RedisServer) -> RedisEndpoint {
        RedisEndpoint(host: "127.0.0.1", port: server.port, commandTimeout: .milliseconds(300))
    }

    @Test func pipelinedCommandsGetTheirOwnRepliesInOrder() async throws {
        let server = try RedisServer()
        let connection = try await RedisConnection.connect(to: endpoint(server), group: MultiThreadedEventLoopGroup.singleton)
        defer { connection.close() }
        #expect(connection.protocolVersion == 3)
        let writes = (0..<200).map { RESPCommand.set("k\($0)", Array("v\($0)".utf8), expiresAfter: .seconds(60)) }
        let replies = try await connection.pipeline(writes + (0..<200).map { .get("k\($0)") })
        #expect(replies.suffix(200).map(\.string) == (0..<200).map { "v\($0)" })
        let many = try await connection.send(.mget(["k1", "missing", "k2"]))
        #expect(many.elements?.map(\.string) == ["v1", nil, "v2"])
        #expect(try await connection.send(.unlink(["k1", "k2", "missing"])) == .integer(2))
        await #expect(throws: RedisError.self) { try await connection.send(RESPCommand("NOSUCHCOMMAND")) }
    }

    @Test func aPausedServerTimesOutAndThePoolComesBackAfterARestart() async throws {
        let server = try RedisServer()
        let pool = RedisPool(
            endpoint: endpoint(server), size: 2, group: MultiThreadedEventLoopGroup.singleton, clock: ElapsedClock(ContinuousClock()))
        defer { pool.shutdown() }
        #expect(await eventually { pool.openConnections == 2 })
        server.pause()
        await #expect(throws: RedisError.self) { try await pool.send(.ping) }
        server.resume()
        server.kill()
        await #expect(throws: (any Error).self) { try await pool.send(.ping) }
        try server.start()
        #expect(await eventually { (try? await pool.send(.ping)) == .simpleString("PONG") })
    }

    @Test func trackingReportsOtherClientsWritesAndPublishedInvalidations() async throws {
        let server = try RedisServer()
        let events = Mutex<[InvalidationEvent]>([])
        let listener = InvalidationListener(
            endpoint: endpoint(server), namespace: "app:", healthInterval: .milliseconds(200), group: MultiThreadedEventLoopGroup.singleton,
            clock: ElapsedClock(ContinuousClock()))
        listener.start { event in events.withLock { $0.append(event) } }
        defer { listener.shutdown() }
        #expect(await eventually { events.withLock { $0.contains(.connected) } })
        try server.cli("SET", "app:a", "1")
        try server.cli("SET", "other:b", "1")
        try server.cli("PUBLISH", InvalidationListener.channel(namespace: "app:"), InvalidationListener.message(prefix: "app:p"))
        #expect(await eventually { events.withLock { $0.contains(.keys(["app:a"])) && $0.contains(.prefix("app:p")) } })
        _ = try await listener.send(.set("app:own", [1], expiresAfter: nil))
        try server.cli("SET", "app:last", "1")
        #expect(await eventually { events.withLock { $0.contains(.keys(["app:last"])) } })
        #expect(!events.withLock { $0.contains(.keys(["other:b"])) || $0.contains(.keys(["app:own"])) })
        server.kill()
        #expect(await eventually { events.withLock { $0.contains(.lost) } })
    }
}
