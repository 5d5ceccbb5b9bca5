import AdvisorSupport
import Foundation
import Testing

@Suite struct FastMathTests {
    @Test func logStaysWithin0_006OfLibmAndIsMonotone() {
        var x = 1e-6
        var previous = -Double.infinity
        while x < 1e12 {
            #expect(abs(FastMath.log(x) - Foundation.log(x)) <= 0.006, "log(\(x))")
            #expect(abs(FastMath.log1p(x) - Foundation.log1p(x)) <= 0.006, "log1p(\(x))")
            #expect(FastMath.log(x) > previous)
            previous = FastMath.log(x)
            x *= 1.013
        }
    }

    @Test func exp2StaysWithinHalfAPercentAndFlushesTinyValuesToZero() {
        var x = -60.0
        while x < 60 {
            #expect(abs(FastMath.exp2(x) / Foundation.exp2(x) - 1) <= 0.005, "exp2(\(x))")
            x += 0.0173
        }
        #expect(FastMath.exp2(-5_000) == 0)
    }
}
