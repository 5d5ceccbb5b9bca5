import Foundation
import Testing

/// Reference fits computed once with scikit-learn (and HiGHS for the quantile LP) by
/// `Tests/Reference/make_reference.py`: the learning tests check the solvers against them, the training
/// tests check `advisor fit`'s streamed pipeline.
package struct SklearnReference: Decodable, Sendable {
    package struct Case: Decodable, Sendable {
        package var name: String
        package var model: String
        package var alpha: Double
        package var weights: String?
        package var quantile: Double?
        package var labelThreshold: Double?
        package var intercept: Double
        package var coefficients: [Double]
        package var objective: Double?
        package var predictionsFirst: [Double]
        package var metrics: [String: Double]

        /// The fixture spells its keys as make_reference.py writes them (snake case).
        enum CodingKeys: String, CodingKey {
            case name, model, alpha, weights, quantile, intercept, coefficients, objective, metrics
            case labelThreshold = "label_threshold"
            case predictionsFirst = "predictions_first"
        }
    }
    package var file: String
    package var rows: Int
    package var target: String
    package var features: [String]
    package var cases: [Case]

    /// The fits of a Nezha pod's per-minute metrics, in `Tests/AdvisorLearningTests/Fixtures/nezha-frontend-reference.json`.
    package static let nezhaFrontend: SklearnReference = {
        let url = SharedData.repository.appendingPathComponent("Tests/AdvisorLearningTests/Fixtures/nezha-frontend-reference.json")
        return try! JSONDecoder().decode(SklearnReference.self, from: Data(contentsOf: url))
    }()

    /// Expects `actual` within `tolerance` (relative) of the reference value.
    package static func expectClose(_ actual: Double, _ expected: Double, tolerance: Double = 1e-6, _ what: String) {
        let error = abs(actual - expected) / max(abs(expected), 1e-300)
        #expect(error <= tolerance, "\(what): \(actual) vs scikit-learn \(expected) (relative error \(error))")
    }
}
