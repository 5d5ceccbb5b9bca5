import AdvisorLearning
import Foundation
import Testing

/// Documented handling of the inputs that break naive regression code.
///
/// The data here is tiny and hand-written on purpose: each test pins one edge case of the solver,
/// not a claim about real behaviour (that is what the reference tests on real data are for).
struct LearningEdgeCaseTests {
    @Test("a constant feature keeps coefficient zero and is reported")
    func constantFeatureIsHeldAtZero() throws {
        let data = try Dataset(featureCount: 2, features: [1, 5, 2, 5, 3, 5, 4, 5], targets: [2, 4, 6, 8.5])
        let model = try RidgeRegression.fit(data.moments(), alpha: 0)
        #expect(model.diagnostics.constantFeatures == [1])
        #expect(model.rawCoefficients[1] == 0)
        #expect(abs(model.rawCoefficients[0] - 2.15) < 1e-12)
    }

    @Test("OLS with no more rows than coefficients is refused; ridge solves it")
    func moreFeaturesThanRows() throws {
        let data = try Dataset(featureCount: 3, features: [1, 2, 3, 4, 5, 7, 2, 1, 0], targets: [1, 2, 3])
        #expect(throws: LearningError.self) { try RidgeRegression.fit(data.moments(), alpha: 0) }
        let ridge: LinearModel = try RidgeRegression.fit(data.moments(), alpha: 0.5)
        let finite = ridge.rawCoefficients.allSatisfy { $0.isFinite }
        #expect(finite)
    }

    @Test("duplicated columns make the system singular: the SVD fallback gives the minimum-norm answer and says so")
    func singularSystemFallsBack() throws {
        let x: [Double] = [1, 2, 4, 3, 5, 8]
        let data = try Dataset(featureCount: 2, features: x.flatMap { [$0, $0] }, targets: x.map { 3 * $0 + 1 })
        let model = try RidgeRegression.fit(data.moments(), alpha: 0)
        #expect(model.diagnostics.solver == "minimum-norm")
        #expect(model.diagnostics.rank == 2)
        // The minimum-norm split of the slope 3 over two identical columns is 1.5 each.
        #expect(abs(model.rawCoefficients[0] - 1.5) < 1e-9 && abs(model.rawCoefficients[1] - 1.5) < 1e-9)
        #expect(abs(model.linearPredictor([10, 10]) - 31) < 1e-9)
    }

    @Test("NaN and infinity are refused when rows are built")
    func nonFiniteValuesAreRefused() {
        #expect(throws: LearningError.self) { try Dataset(featureCount: 1, features: [1, .nan], targets: [1, 2]) }
        #expect(throws: LearningError.self) { try Dataset(featureCount: 1, features: [1, 2], targets: [1, .infinity]) }
        #expect(throws: LearningError.self) { try Dataset(featureCount: 1, features: [1, 2], targets: [1, 2], weights: [1, -1]) }
    }

    @Test("no rows, a single class, and a quantile outside (0, 1) are clear errors")
    func degenerateProblems() throws {
        let empty = Dataset(featureCount: 1)
        #expect(throws: LearningError.self) { try RidgeRegression.fit(empty.moments(), alpha: 1) }
        let oneClass = try Dataset(featureCount: 1, features: [1, 2, 3], targets: [1, 1, 1])
        #expect(throws: LearningError.self) { try LogisticRegression.fit(oneClass, alpha: 1) }
        #expect(throws: LearningError.self) { try QuantileRegression.fit(oneClass, quantile: 1) }
    }

    @Test("perfectly separable classes without a penalty stop with advice instead of running away")
    func separableWithoutPenalty() throws {
        let data = try Dataset(featureCount: 1, features: [1, 2, 3, 4, 5, 6], targets: [0, 0, 0, 1, 1, 1])
        #expect(throws: LearningError.self) { try LogisticRegression.fit(data, alpha: 0) }
        #expect(try LogisticRegression.fit(data, alpha: 1).diagnostics.converged)
    }

    @Test("statistics merged from blocks equal one pass, so chunking changes a fit only by rounding", arguments: [1, 3, 7])
    func blockMergeIsExact(blocks: Int) throws {
        // Deterministic, badly centred columns (mean 1e6, spread ~1e3): the case the shifted accumulation exists for.
        let rows = 500
        var features: [Double] = []
        var targets: [Double] = []
        for index in 0..<rows {
            let t = Double(index)
            let row = [1e6 + 700 * sin(t), 1e6 + 300 * cos(0.37 * t), 1e6 + t * t.truncatingRemainder(dividingBy: 17)]
            features += row
            targets.append(row[0] * 0.5 - row[2] * 2 + sin(3.1 * t))
        }
        let data = try Dataset(featureCount: 3, features: features, targets: targets)
        let whole = try RidgeRegression.fit(data.moments(), alpha: 0)
        let merged = try RidgeRegression.fit(GramAccumulator.merged(data.blockAccumulators(count: blocks))!.moments(), alpha: 0)
        for (a, b) in zip(whole.rawCoefficients, merged.rawCoefficients) {
            let error: Double = abs(a - b) / max(abs(a), 1e-12)
            // Summation order differs (batched dsyrk vs row by row); on this moderately conditioned design
            // rounding moves coefficients by a few 1e-9 relative, far inside the 1e-6 agreement promise.
            #expect(error <= 1e-7)
        }
    }
}
