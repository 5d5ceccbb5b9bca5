import AdvisorBalancing
import AdvisorInput
import AdvisorTraces
import AdvisorTraining
import Foundation
import Synchronization

// What the balancer benchmarks share: the default models, a warmed 16-backend set, and a hand-rolled `Mutex` P2C
// to compare with. The predicted policy uses the default model: the mean latency model `advisor train` fits on the
// repository's embedded loopback-redis recording (real redis-server timings), written to a model folder and loaded as
// an application loads it.

public let loopbackRecording = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Datasets/loopback-redis/requests.csv.gz").path

/// The default models: `advisor train`'s mean and p99 models on the embedded recording (no server metrics).
public func defaultModels() throws -> RequestModels {
    let buffer = try InputBuffer.open(path: loopbackRecording)
    var mapping = ColumnMapping()
    mapping.metrics = []
    let trace = try RequestTrace.read(buffer, mapping: mapping)
    let source = TrainingSource(path: loopbackRecording, fingerprint: Fingerprint.of(buffer))
    var options = RequestTrainer.Options()
    options.quantiles = [0.99]
    let (models, _) = try RequestTrainer.train(trace, source: source, options: options)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-bench-models-\(UUID().uuidString)")
    for model in models { try model.artifact.write(to: folder.appendingPathComponent("\(model.artifact.name).json").path) }
    return try RequestModels(folder: folder.path)
}

public let backendNames = (0..<16).map { "10.0.0.\($0)" }

/// Sixteen backends that have each answered requests (so every feature has a history), with 0–3 requests left in flight
/// each, as a busy client's pool stands.
public func warmedSet(_ policy: BalancingPolicy) -> (BackendSet<String>, Balancer<String>) {
    let backends = BackendSet(backendNames, seed: 1)
    let balancer = try! Balancer(backends: backends, policy: policy)
    for request in 0..<20_000 {
        guard let ticket = backends.start(backendNames[request % 16]) else { continue }
        backends.complete(ticket, outcome: request % 500 == 0 ? .failed : .succeeded)
    }
    for backend in 0..<16 {
        for _ in 0..<(backend % 4) { _ = backends.start(backendNames[backend]) }
    }
    return (backends, balancer)
}

/// Power of two choices by fewest requests in flight, written as an application would without the library.
public final class HandRolledP2C: Sendable {
    public init() {}

    private struct State {
        var inflight = [Int](repeating: 0, count: 16)
        var random: UInt64 = 0x9E37_79B9_7F4A_7C15
        mutating func next(below count: Int) -> Int {
            random ^= random << 13
            random ^= random >> 7
            random ^= random << 17
            return Int(random % UInt64(count))
        }
    }
    private let state = Mutex(State())

    public func pick() -> Int {
        state.withLock { state in
            let first = state.next(below: 16)
            var second = state.next(below: 15)
            if second >= first { second += 1 }
            let choice = state.inflight[second] < state.inflight[first] ? second : first
            state.inflight[choice] += 1
            return choice
        }
    }

    public func complete(_ backend: Int) {
        state.withLock { $0.inflight[backend] -= 1 }
    }
}
