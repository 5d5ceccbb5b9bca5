import AdvisorSupport
import Testing

@Suite struct EmpiricalQuantileTests {
    @Test(
        "the quantile is the recorded value at index ⌊q·n⌋, clamped to the last",
        arguments: [
            (0.0, 10.0), (0.5, 60.0), (0.95, 100.0), (0.99, 100.0), (1.0, 100.0), (0.25, 30.0),
        ])
    func indexRule(q: Double, expected: Double) {
        let values = stride(from: 10.0, through: 100.0, by: 10).map { $0 }
        #expect(EmpiricalQuantile.value(q, sorted: values) == expected)
        #expect(EmpiricalQuantile.value(q, of: values.reversed()) == expected)
    }

    @Test("the median of an even count is the upper middle value; a single value is every quantile")
    func medians() {
        #expect(EmpiricalQuantile.value(0.5, of: [4, 1, 3, 2]) == 3)
        #expect(EmpiricalQuantile.value(0.999, of: [7]) == 7)
        #expect(EmpiricalQuantile.index(0.999, count: 1_000) == 999)
        #expect(EmpiricalQuantile.index(0.999, count: 10_000) == 9_990)
    }
}
