import AdvisorTestSupport
import Testing

@testable import AdvisorInput

struct DecimalParserTests {
    private func parse(_ text: String) -> Result<Double, DecimalParser.Failure> {
        Array(text.utf8).withUnsafeBytes { DecimalParser.parse($0) }
    }

    @Test(arguments: [
        ("0", 0.0), ("-0", -0.0), ("3", 3), ("12.5", 12.5), ("0.1234567891", 0.1234567891), ("+7", 7),
        ("  42 ", 42), ("\t-1.5e3", -1500), ("1.", 1), (".5", 0.5), ("1E-2", 0.01),
        ("9007199254740993", 9_007_199_254_740_992),
        ("1e-400", 0), ("2.2250738585072014e-308", .leastNormalMagnitude), ("4.9e-324", .leastNonzeroMagnitude),
        ("1e22", 1e22), ("1e23", 1e23),
        ("0.30000000000000004", 0.30000000000000004), ("000000000000000000000000012", 12),
    ])
    func acceptsDecimalNumbers(text: String, expected: Double) throws {
        let value = try parse(text).get()
        #expect(value.bitPattern == expected.bitPattern, "\(text) parsed as \(value)")
    }

    @Test(arguments: ["nan", "NaN", "-inf", "Infinity", "+INF", "1e400", "-1e309"])
    func rejectsNonFiniteValues(text: String) {
        #expect(parse(text) == .failure(.nonFinite))
    }

    @Test(arguments: ["", "   ", "\t"])
    func reportsEmptyFields(text: String) {
        #expect(parse(text) == .failure(.empty))
    }

    @Test(arguments: [
        "abc", "1e", "1e+", "--1", "-", ".", "1.2.3", "0x10", "1,5", "\"1\"", "12abc", "1 2", "infinit", "nan(1)", "e5",
    ])
    func rejectsMalformedNumbers(text: String) {
        #expect(parse(text) == .failure(.notANumber))
    }

    @Test func equalsDoubleFromStringOnRandomDecimalText() throws {
        var random = SeededGenerator(seed: 20_261_121)
        for _ in 0..<200_000 {
            var text = ""
            if Bool.random(using: &random) { text += Bool.random(using: &random) ? "-" : "+" }
            let integerDigits = Int.random(in: 0...24, using: &random)
            let fractionDigits = Int.random(in: 0...24, using: &random)
            for _ in 0..<integerDigits { text += String(Int.random(in: 0...9, using: &random)) }
            if fractionDigits > 0 || integerDigits == 0 {
                text += "."
                for _ in 0..<max(fractionDigits, 1) { text += String(Int.random(in: 0...9, using: &random)) }
            }
            if Int.random(in: 0..<3, using: &random) == 0 {
                text += Bool.random(using: &random) ? "e" : "E"
                text += String(Int.random(in: -330...310, using: &random))
            }
            try expectSameAsStandardLibrary(text)
        }
    }

    @Test func roundTripsTheShortestTextOfRandomDoubles() throws {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<200_000 {
            let value = Double(bitPattern: random.next())
            guard value.isFinite else { continue }
            try expectSameAsStandardLibrary(value.description)
            // Ten significant digits, as '%.10g' writes them: the fast path's main customer.
            try expectSameAsStandardLibrary(String(Double(Float(value)) / 3 * 1e-3))
        }
    }

    private func expectSameAsStandardLibrary(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try #require(Double(text), "Double(String) rejected \(text)", sourceLocation: sourceLocation)
        switch parse(text) {
        case .success(let value):
            #expect(
                value.bitPattern == expected.bitPattern, "\(text): \(value) != \(expected)",
                sourceLocation: sourceLocation)
        case .failure(let failure):
            #expect(!expected.isFinite && failure == .nonFinite, "\(text): \(failure)", sourceLocation: sourceLocation)
        }
    }
}
