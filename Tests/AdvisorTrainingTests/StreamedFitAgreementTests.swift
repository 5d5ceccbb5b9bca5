import AdvisorInput
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

    @Test("a compressed file longer than a fit holds is parsed window by window: same fit, fingerprint and error places")
    func windowedFitAgrees() throws {
        var request = NumericFit.Request(path: try SharedData.path(Self.reference.file), target: Self.reference.target)
        request.features = Self.reference.features
        request.alpha = 1
        var windowed = request
        // Hold 64 KiB, then 8 KiB windows: the 279 KB of content become dozens of windows, rows cut at their ends.
        windowed.heldBytes = 64 << 10
        windowed.windowBytes = 8 << 10
        let heldFit = try NumericFit.run(request).artifact
        let windowedFit = try NumericFit.run(windowed).artifact
        #expect(windowedFit.training.rows == heldFit.training.rows)
        #expect(windowedFit.training.fingerprint == heldFit.training.fingerprint)
        SklearnReference.expectClose(windowedFit.intercept, heldFit.intercept, tolerance: 1e-9, "windowed intercept")
        for (index, coefficient) in windowedFit.coefficients.enumerated() {
            SklearnReference.expectClose(coefficient, heldFit.coefficients[index], tolerance: 1e-9, "windowed coefficient \(index)")
        }

        // A bad target value far past the held part is reported at the same line and column either way.
        var lines = try TemporaryFile.gunzipped(request.path).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let column = try #require(lines[0].split(separator: ",").firstIndex { $0 == Self.reference.target })
        let bad = lines.count * 3 / 4
        var fields = lines[bad].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[column] = "oops"
        lines[bad] = fields.joined(separator: ",")
        let corrupted = try TemporaryFile.gzipped(try TemporaryFile.write(lines.joined(separator: "\n"), name: "corrupted.csv"))
        for var run in [request, windowed] {
            run.path = corrupted
            let error = try #require(throws: InputError.self) { try NumericFit.run(run) }
            #expect(error.line == bad + 1 && error.column == column + 1, "\(error)")
        }
    }
}
