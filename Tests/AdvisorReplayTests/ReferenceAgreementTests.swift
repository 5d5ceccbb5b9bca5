import AdvisorInput
import AdvisorLearning
import AdvisorReplay
import Foundation
import Testing

/// Agreement with scikit-learn on real data (a Nezha pod's per-minute metrics), to 1e-6 relative.
///
/// The reference numbers were computed once by `Tests/Reference/make_reference.py` and stored in
/// `Fixtures/nezha-frontend-reference.json`; the data is read in place from ../shared/datasets.
struct ReferenceAgreementTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            var name: String
            var model: String
            var alpha: Double
            var weights: String?
            var quantile: Double?
            var label_threshold: Double?
            var intercept: Double
            var coefficients: [Double]
            var objective: Double?
            var predictions_first: [Double]
            var metrics: [String: Double]
        }
        var file: String
        var rows: Int
        var target: String
        var features: [String]
        var cases: [Case]
    }

    static let reference: Reference = {
        let url = SharedData.repository.appendingPathComponent("Tests/AdvisorReplayTests/Fixtures/nezha-frontend-reference.json")
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    /// The reference rows read through advisor's own CSV reader.
    static func dataset(weighted: Bool) throws -> Dataset {
        let buffer = try InputBuffer.open(path: try SharedData.path(reference.file))
        let header = try CSVHeader(buffer: buffer)
        let columns = try reference.features.map { try header.require($0, file: buffer.path) }
        let target = try header.require(reference.target, file: buffer.path)
        let workload = try header.require("PodWorkload(Ops)", file: buffer.path)
        var data = Dataset(featureCount: columns.count, weighted: weighted)
        try CSVReader(buffer: buffer, header: header).forEachRow { row in
            data.append(features: try columns.map { try row.double($0) }, target: try row.double(target), weight: try row.double(workload) + 1)
        }
        return data
    }

    static func expectClose(_ actual: Double, _ expected: Double, tolerance: Double = 1e-6, _ what: String) {
        let error = abs(actual - expected) / max(abs(expected), 1e-300)
        #expect(error <= tolerance, "\(what): \(actual) vs scikit-learn \(expected) (relative error \(error))")
    }

    @Test("reads the reference file with every row")
    func readsEveryRow() throws {
        #expect(try Self.dataset(weighted: false).rowCount == Self.reference.rows)
    }

    @Test("ridge and OLS coefficients, predictions and metrics agree with scikit-learn", arguments: reference.cases.filter { $0.model == "ridge" }.map(\.name))
    func ridgeAgrees(name: String) throws {
        let reference = Self.reference.cases.first { $0.name == name }!
        let data = try Self.dataset(weighted: reference.weights != nil)
        let model = try RidgeRegression.fit(data.moments(), alpha: reference.alpha)
        Self.expectClose(model.rawIntercept, reference.intercept, "\(name) intercept")
        for (index, coefficient) in model.rawCoefficients.enumerated() {
            Self.expectClose(coefficient, reference.coefficients[index], "\(name) coefficient \(Self.reference.features[index])")
        }
        let predicted = (0..<data.rowCount).map { model.linearPredictor(data.features[($0 * 8)..<($0 * 8 + 8)]) }
        for (index, value) in reference.predictions_first.enumerated() { Self.expectClose(predicted[index], value, "\(name) prediction \(index)") }
        if reference.weights == nil {
            let metrics = Metrics.regression(actual: data.targets, predicted: predicted)
            for (key, value) in reference.metrics { Self.expectClose(metrics[key] ?? .nan, value, "\(name) \(key)") }
        }
    }

    @Test("logistic regression agrees with scikit-learn (C = 1/alpha)", arguments: reference.cases.filter { $0.model == "logistic" }.map(\.name))
    func logisticAgrees(name: String) throws {
        let reference = Self.reference.cases.first { $0.name == name }!
        let data = try Self.dataset(weighted: false)
        let labelled = data.withTargets(data.targets.map { $0 > reference.label_threshold! ? 1 : 0 })
        let model = try LogisticRegression.fit(labelled, alpha: reference.alpha)
        #expect(model.diagnostics.converged)
        Self.expectClose(model.rawIntercept, reference.intercept, "\(name) intercept")
        for (index, coefficient) in model.rawCoefficients.enumerated() {
            Self.expectClose(coefficient, reference.coefficients[index], "\(name) coefficient \(Self.reference.features[index])")
        }
        let probabilities = (0..<data.rowCount).map { LogisticRegression.sigmoid(model.linearPredictor(data.features[($0 * 8)..<($0 * 8 + 8)])) }
        let metrics = Metrics.classification(labels: labelled.targets, probabilities: probabilities)
        for (key, value) in reference.metrics { Self.expectClose(metrics[key] ?? .nan, value, "\(name) \(key)") }
    }

    @Test("quantile regression reaches the exact LP optimum that HiGHS finds", arguments: reference.cases.filter { $0.model == "quantile" }.map(\.name))
    func quantileAgrees(name: String) throws {
        let reference = Self.reference.cases.first { $0.name == name }!
        let data = try Self.dataset(weighted: false)
        let tau = try #require(reference.quantile)
        let model = try QuantileRegression.fit(data, quantile: tau)
        #expect(model.diagnostics.converged, "the vertex certificate should hold on this unique optimum")
        let predicted = (0..<data.rowCount).map { model.linearPredictor(data.features[($0 * 8)..<($0 * 8 + 8)]) }
        let objective = zip(data.targets, predicted).reduce(0) { $0 + QuantileRegression.pinball($1.0 - $1.1, quantile: tau) }
        Self.expectClose(objective, try #require(reference.objective), "\(name) objective")
        Self.expectClose(model.rawIntercept, reference.intercept, "\(name) intercept")
        for (index, coefficient) in model.rawCoefficients.enumerated() {
            Self.expectClose(coefficient, reference.coefficients[index], "\(name) coefficient \(Self.reference.features[index])")
        }
    }

    @Test("advisor fit's streamed, chunked OLS equals the in-memory fit and scikit-learn")
    func streamedFitAgrees() throws {
        let reference = Self.reference.cases.first { $0.name == "ols" }!
        var request = NumericFit.Request(path: try SharedData.path(Self.reference.file), target: Self.reference.target)
        request.features = Self.reference.features
        request.alpha = 0
        let trained = try NumericFit.run(request)
        let model = trained.artifact.linearModel
        Self.expectClose(model.rawIntercept, reference.intercept, "streamed intercept")
        for (index, coefficient) in model.rawCoefficients.enumerated() {
            Self.expectClose(coefficient, reference.coefficients[index], "streamed coefficient \(Self.reference.features[index])")
        }
        #expect(trained.artifact.training.rows == Self.reference.rows)
        // `advisor predict`'s path: the chunked batch scorer reproduces scikit-learn's predictions, in file order.
        let predictions = try BatchPredictor.run(model: trained.artifact, path: request.path, chunkCount: 7)
        #expect(predictions.count == Self.reference.rows)
        for (index, value) in reference.predictions_first.enumerated() { Self.expectClose(predictions[index], value, "batch prediction \(index)") }
    }
}
