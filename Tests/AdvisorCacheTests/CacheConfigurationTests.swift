import Foundation
import Testing

@testable import AdvisorCache
@testable import AdvisorLearning

/// A cache that cannot work as configured, or a model that does not fit its use, is refused with
/// an error when it is created or loaded, never by stopping the process later.
@Suite struct CacheConfigurationTests {
    static func makeCache(
        _ capacity: CacheCapacity<String>, policy: sending CacheEviction = .baseline(.s3fifo), expiry: sending CacheExpiry = .never,
        prefetch: sending PrefetchConfiguration = .manual
    ) throws(CacheConfigurationError) -> PredictiveCache<String, String> {
        try PredictiveCache(capacity: capacity, policy: policy, expiry: expiry, prefetch: prefetch) { $0 }
    }

    @Test func impossibleConfigurationsThrowInsteadOfTrapping() {
        #expect(throws: CacheConfigurationError.self) { try Self.makeCache(.objects(0)) }
        #expect(throws: CacheConfigurationError.self) { try Self.makeCache(.bytes(-1, weigh: { $0.utf8.count })) }
        #expect(throws: CacheConfigurationError.self) { try Self.makeCache(.objects(10), policy: .baseline(.belady)) }
        #expect(throws: CacheConfigurationError.self) { try Self.makeCache(.objects(10), policy: .custom(LRUPolicy(capacity: 20))) }
        #expect(throws: CacheConfigurationError.self) { try Self.makeCache(.objects(10), expiry: .afterWrite(.seconds(-1))) }
        #expect(throws: CacheConfigurationError.self) { try Self.makeCache(.objects(10), prefetch: PrefetchConfiguration(maxInFlight: -1)) }
        #expect(throws: Never.self) { try Self.makeCache(.objects(10), policy: .custom(LRUPolicy(capacity: 10))) }
    }

    /// A model file as `advisor train` writes it, with the given features and coefficients.
    static func write(_ name: String, in folder: URL, link: ModelArtifact.Link, features: [String], coefficients: [Double]) throws {
        let model = LinearModel(
            standardization: Standardization(mean: features.map { _ in 0 }, scale: features.map { _ in 1 }), intercept: 0,
            coefficients: coefficients, diagnostics: FitDiagnostics(solver: "cholesky", rank: features.count + 1, reciprocalCondition: 1))
        let artifact = ModelArtifact(
            name: name, kind: link == .logistic ? .logistic : .ridge, target: "test", link: link, alpha: 1, features: features,
            model: model, training: .init(source: "test", fingerprint: "", rows: 1, split: "all"), holdout: nil)
        try artifact.write(to: folder.appendingPathComponent("\(name).json").path)
    }

    static func modelFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-cache-models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aModelFolderLoadsInOneCallAndDrivesACache() async throws {
        let folder = try Self.modelFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let features = ObjectHistory.featureNames
        try Self.write(
            "cache-eviction", in: folder, link: .expm1, features: features,
            coefficients: [1] + Array(repeating: 0, count: features.count - 1))
        try Self.write(
            "cache-reuse", in: folder, link: .expm1, features: features, coefficients: Array(repeating: 0.1, count: features.count))
        try Self.write(
            "cache-prefetch", in: folder, link: .logistic, features: Prefetcher.featureNames, coefficients: Array(repeating: 0, count: 8))
        let models = try CacheModels(folder: folder.path)
        #expect(models.eviction.weights[0] == 1 && models.reuse.weights[0] == 0.1 && models.prefetchModel != nil)
        let cache = try PredictiveCache<String, String>(
            capacity: .objects(2), policy: .learned(models), expiry: try models.expiry(secondsPerRequest: 0.01),
            prefetch: models.prefetch(maxInFlight: 2)
        ) { "value of \($0)" }
        for key in ["a", "b", "c"] { #expect(try await cache.get(key) == "value of \(key)") }
        // The learned policy (S3-FIFO's queues as its floor) evicted one of the first two to admit the third.
        let stats = cache.snapshot()
        #expect((stats.misses, stats.evictions, stats.residentCount, cache.peek("c")) == (3, 1, 2, "value of c"))
        #expect(throws: CacheConfigurationError.self) { try models.expiry(multiplier: .nan, secondsPerRequest: 0.01) }
        #expect(throws: CacheConfigurationError.self) { try models.expiry(secondsPerRequest: 0) }
    }

    @Test func modelsThatDoNotFitTheirUseAreRefusedWhenLoaded() throws {
        let folder = try Self.modelFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = try #require(throws: CacheConfigurationError.self) { try CacheModels(folder: folder.path) }
        #expect(missing.description.contains("cache-eviction.json"))
        // Made for other features than the ones the cache computes.
        try Self.write("cache-eviction", in: folder, link: .expm1, features: ["log_age", "log_count"], coefficients: [1, 1])
        let mismatched = try #require(throws: CacheConfigurationError.self) { try CacheModels(folder: folder.path) }
        #expect(mismatched.description.contains("feature"))
        let features = ObjectHistory.featureNames
        try Self.write(
            "cache-eviction", in: folder, link: .expm1, features: features, coefficients: Array(repeating: 0, count: features.count))
        // A prefetch model must give a probability.
        try Self.write(
            "cache-prefetch", in: folder, link: .identity, features: Prefetcher.featureNames, coefficients: Array(repeating: 0, count: 8))
        let notLogistic = try #require(throws: CacheConfigurationError.self) { try CacheModels(folder: folder.path) }
        #expect(notLogistic.description.contains("logistic"))
    }
}
