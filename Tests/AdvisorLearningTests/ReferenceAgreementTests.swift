import AdvisorInput
import AdvisorLearning
import AdvisorTestSupport
import Foundation
import Testing

/// Agreement with scikit-learn on real data (a Nezha pod's per-minute metrics), to 1e-6 relative.
///
/// The reference numbers were computed once by `Tests/Reference/make_reference.py` and stored in
/// `Fixtures/nezha-frontend-reference.json` (see `SklearnReference`); the data is read in place from ../shared/datasets.
struct ReferenceAgreementTests {
    static let reference = SklearnReference.nezhaFrontend

    /// The reference rows read through advisor's own CSV reader.
    static func dataset(weighted: Bool) throws -> Dataset {
        let buffer = try InputBuffer.open(path: try SharedData.path(reference.file))
        let header = try CSVHeader(buffer: buffer)
        let columns = try reference.features.map { try header.require($0, file: buffer.path) }
        let target = try header.require(reference.target, file: buffer.path)
        let workload = try header.require("PodWorkload(Ops)", file: buffer.path)
        var data = Dataset(featureCount: columns.count, weighted: weighted)
        try CSVReader(buffer: buffer, header: header).forEachRow { row in
            data.append(
                features: try columns.map { try row.double($0) }, target: try row.double(target), weight: try row.double(workload) + 1)
        }
        return data
    }

    @Test("reads the reference file with every row")
    func readsEveryRow() throws {
        #expect(try Self.dataset(weighted: false).rowCount == Self.reference.rows)
    }

    @Test(
        "ridge and OLS coefficients, predictions and metrics agree with scikit-learn",
        arguments: reference.cases.filter { $0.model == "ridge" }.map(\.name))
    func ridgeAgrees(name: String) throws {
        let reference = Self.reference.cases.first { $0.name == name }!
        let data = try Self.dataset(weighted: reference.weights != nil)
        let model = try RidgeRegression.fit(data.moments(), alpha: reference.alpha)
        SklearnReference.expectClose(model.rawIntercept, reference.intercept, "\(name) intercept")
        for (index, coefficient) in model.rawCoefficients.enumerated() {
            SklearnReference.expectClose(
                coefficient, reference.coefficients[index], "\(name) coefficient \(Self.reference.features[index])")
        }
        let predicted = (0..<data.rowCount).map { model.linearPredictor(data.features[($0 * 8)..<($0 * 8 + 8)]) }
        for (index, value) in reference.predictionsFirst.enumerated() {
            SklearnReference.expectClose(predicted[index], value, "\(name) prediction \(index)")
        }
        if reference.weights == nil {
            let metrics = Metrics.regression(actual: data.targets, predicted: predicted)
            for (key, value) in reference.metrics { SklearnReference.expectClose(metrics[key] ?? .nan, value, "\(name) \(key)") }
        }
    }

    @Test(
        "logistic regression agrees with scikit-learn (C = 1/alpha)",
        arguments: reference.cases.filter { $0.model == "logistic" }.map(\.name))
    func logisticAgrees(name: String) throws {
        let reference = Self.reference.cases.first { $0.name == name }!
        let data = try Self.dataset(weighted: false)
        let labelled = data.withTargets(data.targets.map { $0 > reference.labelThreshold! ? 1 : 0 })
        let model = try LogisticRegression.fit(labelled, alpha: reference.alpha)
        #expect(model.diagnostics.converged)
        SklearnReference.expectClose(model.rawIntercept, reference.intercept, "\(name) intercept")
        for (index, coefficient) in model.rawCoefficients.enumerated() {
            SklearnReference.expectClose(
                coefficient, reference.coefficients[index], "\(name) coefficient \(Self.reference.features[index])")
        }
        let probabilities = (0..<data.rowCount).map {
            LogisticRegression.sigmoid(model.linearPredictor(data.features[($0 * 8)..<($0 * 8 + 8)]))
        }
        let metrics = Metrics.classification(labels: labelled.targets, probabilities: probabilities)
        for (key, value) in reference.metrics { SklearnReference.expectClose(metrics[key] ?? .nan, value, "\(name) \(key)") }
    }

    @Test(
        "quantile regression reaches the exact LP optimum that HiGHS finds",
        arguments: reference.cases.filter { $0.model == "quantile" }.map(\.name))
    func quantileAgrees(name: String) throws {
        let reference = Self.reference.cases.first { $0.name == name }!
        let data = try Self.dataset(weighted: false)
        let tau = try #require(reference.quantile)
        let model = try QuantileRegression.fit(data, quantile: tau)
        #expect(model.diagnostics.converged, "the vertex certificate should hold on this unique optimum")
        let predicted = (0..<data.rowCount).map { model.linearPredictor(data.features[($0 * 8)..<($0 * 8 + 8)]) }
        let objective = zip(data.targets, predicted).reduce(0) { $0 + QuantileRegression.pinball($1.0 - $1.1, quantile: tau) }
        SklearnReference.expectClose(objective, try #require(reference.objective), "\(name) objective")
        SklearnReference.expectClose(model.rawIntercept, reference.intercept, "\(name) intercept")
        for (index, coefficient) in model.rawCoefficients.enumerated() {
            SklearnReference.expectClose(
                coefficient, reference.coefficients[index], "\(name) coefficient \(Self.reference.features[index])")
        }
    }
}
