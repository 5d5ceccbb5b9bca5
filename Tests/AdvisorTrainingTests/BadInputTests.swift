import AdvisorInput
import AdvisorLearning
import AdvisorTestSupport
import AdvisorTraces
import AdvisorTraining
import Foundation
import Testing

/// Bad input through the `fit` and `train` pipelines: a clear error naming file, line and column.
///
/// Inputs are tiny hand-written files, each pinning one edge case of the readers.
struct BadInputTests {
    static func fitError(_ text: String, target: String = "y") throws -> any Error {
        let path = try TemporaryFile.write(text)
        var request = NumericFit.Request(path: path, target: target)
        request.alpha = 0
        do {
            _ = try NumericFit.run(request)
        } catch {
            return error
        }
        Issue.record("expected an error for \(text.debugDescription)")
        return CancellationError()
    }

    @Test(
        "numeric fit errors name the line and column",
        arguments: [
            ("x,y\n1,2\n3\n", InputError.Code.raggedRow, 3),
            ("x,y\n1,2\n3,abc\n", .notANumber, 3),
            ("x,y\n1,2\n3,NaN\n", .nonFinite, 3),
            ("x,y\n1,2\ninf,4\n", .nonFinite, 3),
            ("x,y\n1,2\n3,\n", .emptyField, 3),
        ])
    func fitErrorsArePrecise(input: String, code: InputError.Code, line: Int) throws {
        let error = try #require(try Self.fitError(input) as? InputError)
        #expect(error.code == code)
        #expect(error.line == line)
        #expect(error.column != nil)
        #expect(error.description.contains("input.csv:\(line):"))
    }

    @Test("an empty file and a header without rows are refused")
    func emptyInputs() throws {
        #expect(try Self.fitError("") is InputError)
        #expect(try Self.fitError("x,y\n") is InputError)
    }

    @Test("an unknown target column lists the columns there are")
    func unknownTarget() throws {
        let error = try #require(try Self.fitError("x,y\n1,2\n2,3\n3,5\n", target: "z") as? InputError)
        #expect(error.code == .unknownColumn)
        #expect(error.message.contains("x") && error.message.contains("y"))
    }

    @Test("a constant feature column is fitted with coefficient zero and reported")
    func constantColumn() throws {
        let path = try TemporaryFile.write("x,c,y\n1,7,2\n2,7,4.1\n3,7,5.9\n4,7,8.2\n5,7,9.9\n")
        var request = NumericFit.Request(path: path, target: "y")
        request.alpha = 0
        let model = try NumericFit.run(request).artifact
        #expect(model.features == ["x", "c"])
        #expect(model.diagnostics.constantFeatures == [1])
        #expect(model.coefficients[1] == 0)
    }

    @Test("more features than rows: OLS is refused with advice, ridge fits")
    func moreFeaturesThanRows() throws {
        let text = "a,b,c,d,y\n1,2,3,4,1\n2,1,0,5,2\n3,3,1,1,4\n"
        let error = try Self.fitError(text)
        #expect((error as? LearningError)?.code == .tooFewRows)
        var request = NumericFit.Request(path: try TemporaryFile.write(text), target: "y")
        request.alpha = 1
        #expect(try NumericFit.run(request).artifact.coefficients.count == 4)
    }

    @Test("a trace without recognisable columns asks for the kind and column flags")
    func unrecognisedTrace() throws {
        let buffer = try InputBuffer.open(path: try TemporaryFile.write("alpha,beta\n1,2\n"))
        #expect(throws: InputError.self) { try TraceKind.recognise(CSVHeader(buffer: buffer), mapping: ColumnMapping(), file: buffer.path) }
    }
}
