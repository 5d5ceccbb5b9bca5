import AdvisorLearning
import AdvisorTestSupport
import AdvisorTraining
import Foundation
import Testing

/// `advisor fit` and `advisor predict` on real data against the scikit-learn reference fits (see `SklearnReference`).
struct StreamedFitAgreementTests {
    static let reference = SklearnReference.nezhaFrontend

    @Test("advisor fit's streamed, chunked OLS equals the in-memory fit and scikit-learn")
    func streamedFitAgrees() throws {
        let reference = Self.reference.cases.first { $0.name == "ols" }!
        var request = NumericFit.Request(path: try SharedData.path(Self.reference.file), target: Self.reference.target)
        request.features = Self.reference.features
        request.alpha = 0
        let trained = try NumericFit.run(request)
        let model = trained.artifact.linearModel
        SklearnReference.expectClose(model.rawIntercept, reference.intercept, "streamed intercept")
        for (index, coefficient) in model.rawCoefficients.enumerated() {
            SklearnReference.expectClose(
                coefficient, reference.coefficients[index], "streamed coefficient \(Self.reference.features[index])")
        }
        #expect(trained.artifact.training.rows == Self.reference.rows)
        // `advisor predict`'s path: the chunked batch scorer reproduces scikit-learn's predictions, in file order.
        let predictions = try BatchPredictor.run(model: trained.artifact, path: request.path, chunkCount: 7)
        #expect(predictions.count == Self.reference.rows)
        for (index, value) in reference.predictionsFirst.enumerated() {
            SklearnReference.expectClose(predictions[index], value, "batch prediction \(index)")
        }
    }
}
