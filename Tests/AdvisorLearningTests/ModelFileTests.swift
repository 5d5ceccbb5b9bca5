import AdvisorLearning
import Foundation
import Testing

struct ModelFileTests {
    static func artifact() throws -> ModelArtifact {
        let data = try Dataset(featureCount: 2, features: [1, 0, 2, 1, 3, 0, 4, 1, 5, 0], targets: [1.1, 2.9, 3.2, 5.1, 5.0])
        let model = try RidgeRegression.fit(data.moments(), alpha: 0.1)
        return ModelArtifact(
            name: "unit", kind: .ridge, target: "y", link: .identity, alpha: 0.1, features: ["a", "b"], model: model,
            training: .init(source: "unit", fingerprint: "none", rows: 5, split: "all"), holdout: nil)
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("advisor-tests-\(UUID().uuidString)").appendingPathComponent(name)
            .path
    }

    @Test("a written model loads back identical and scores like the in-memory model")
    func roundTrip() throws {
        let original = try Self.artifact()
        let path = Self.temporaryPath("m.json")
        try original.write(to: path)
        let loaded = try ModelArtifact.load(path: path, expectedFeatures: ["a", "b"])
        #expect(loaded == original)
        let scorer = LinearScorer(loaded)
        let row: [Double] = [2.5, 1]
        let score = row.withUnsafeBufferPointer { scorer.predict($0) }
        #expect(abs(score - original.linearModel.linearPredictor(row)) < 1e-12)
        // No temporary file is left beside the model.
        let folder = (path as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["m.json"])
    }

    @Test("loading refuses another schema version, other features, and non-finite numbers")
    func untrustworthyFilesAreRefused() throws {
        let path = Self.temporaryPath("m.json")
        try Self.artifact().write(to: path)
        #expect(throws: LearningError.self) { try ModelArtifact.load(path: path, expectedFeatures: ["b", "a"]) }
        var json = try String(contentsOfFile: path, encoding: .utf8)
        json = json.replacingOccurrences(of: "\"schemaVersion\" : 1", with: "\"schemaVersion\" : 99")
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: LearningError.self) { try ModelArtifact.load(path: path) }
        #expect(error?.message.contains("schema version 99") == true)
        var broken = try Self.artifact()
        broken.coefficients[0] = .nan
        #expect(throws: LearningError.self) { try broken.write(to: Self.temporaryPath("n.json")) }
        #expect(throws: LearningError.self) { try ModelArtifact.load(path: Self.temporaryPath("absent.json")) }
    }

    @Test("a failed write leaves the previous model in place")
    func failedWriteKeepsOldFile() throws {
        let path = Self.temporaryPath("m.json")
        let original = try Self.artifact()
        try original.write(to: path)
        var broken = original
        broken.intercept = .infinity
        #expect(throws: LearningError.self) { try broken.write(to: path) }
        #expect(try ModelArtifact.load(path: path) == original)
    }
}
