import Foundation

/// The two-sample tests `advisor compare` reports, with SciPy's conventions so its numbers can be checked.
public enum HypothesisTests {
    /// A test's statistic and two-sided p-value.
    public struct Result: Sendable, Equatable, Encodable {
        public var statistic: Double
        public var pValue: Double
        enum CodingKeys: String, CodingKey {
            case statistic
            case pValue = "p_value"
        }
    }

    /// The Mann-Whitney U test, two-sided: `scipy.stats.mannwhitneyu(x, y)` with its default `method="auto"`.
    ///
    /// The statistic is U of `x`. The p-value is exact when either sample has at most 8 values and there are no
    /// ties, else the normal approximation with the tie correction and the continuity correction.
    public static func mannWhitney(_ x: [Double], _ y: [Double]) -> Result {
        let n1 = x.count
        let n2 = y.count
        let pooled = (x.map { ($0, 0) } + y.map { ($0, 1) }).sorted { $0.0 < $1.0 }
        var ranks = [Double](repeating: 0, count: pooled.count)
        var tieTerm = 0.0
        var start = 0
        while start < pooled.count {
            var end = start
            while end + 1 < pooled.count, pooled[end + 1].0 == pooled[start].0 { end += 1 }
            let rank = Double(start + end + 2) / 2
            for index in start...end { ranks[index] = rank }
            let tied = Double(end - start + 1)
            tieTerm += tied * tied * tied - tied
            start = end + 1
        }
        var rankSumX = 0.0
        for (index, entry) in pooled.enumerated() where entry.1 == 0 { rankSumX += ranks[index] }
        let u1 = rankSumX - Double(n1 * (n1 + 1)) / 2
        let u = max(u1, Double(n1 * n2) - u1)
        if min(n1, n2) <= 8, tieTerm == 0 {
            return Result(statistic: u1, pValue: min(1, 2 * exactUpperTail(Int(u.rounded()), n1, n2)))
        }
        let n = Double(n1 + n2)
        let mean = Double(n1 * n2) / 2
        let spread = (Double(n1 * n2) / 12 * ((n + 1) - tieTerm / (n * (n - 1)))).squareRoot()
        let z = (u - mean - 0.5) / spread
        return Result(statistic: u1, pValue: min(1, max(0, 2 * SpecialFunctions.normalUpperTail(z))))
    }

    /// `P(U ≥ k)` under the null hypothesis, by counting the rank arrangements.
    private static func exactUpperTail(_ k: Int, _ n1: Int, _ n2: Int) -> Double {
        // counts[m][u]: arrangements of m values of x among the first values with statistic u, built one value at a time.
        let total = n1 * n2
        var table = [[Double]](repeating: [Double](repeating: 0, count: total + 1), count: n1 + 1)
        table[0][0] = 1
        for placed in 1...(n1 + n2) {
            for m in stride(from: min(placed, n1), through: 1, by: -1) {
                // The m-th x value placed at position `placed` is beaten by placed − m values of y.
                let gain = placed - m
                guard gain <= n2 else { continue }
                for u in stride(from: total, through: gain, by: -1) { table[m][u] += table[m - 1][u - gain] }
            }
        }
        let counts = table[n1]
        let all = counts.reduce(0, +)
        return counts[min(max(k, 0), total)...].reduce(0, +) / all
    }

    /// Welch's unequal-variance t-test, two-sided: `scipy.stats.ttest_ind(x, y, equal_var=False)`.
    public static func welch(_ x: [Double], _ y: [Double]) -> Result {
        let a = SampleSummary(x)
        let b = SampleSummary(y)
        let va = a.standardDeviation * a.standardDeviation / Double(a.count)
        let vb = b.standardDeviation * b.standardDeviation / Double(b.count)
        guard va + vb > 0 else { return Result(statistic: .nan, pValue: .nan) }
        let t = (a.mean - b.mean) / (va + vb).squareRoot()
        let degrees = (va + vb) * (va + vb) / (va * va / Double(a.count - 1) + vb * vb / Double(b.count - 1))
        return Result(statistic: t, pValue: min(1, 2 * SpecialFunctions.studentUpperTail(abs(t), degrees: degrees)))
    }

    /// Holm's step-down adjustment of p-values for testing several metrics at once, in the input order.
    public static func holm(_ pValues: [Double]) -> [Double] {
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var adjusted = [Double](repeating: 1, count: pValues.count)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, min(1, Double(pValues.count - rank) * pValues[index]))
            adjusted[index] = running
        }
        return adjusted
    }
}
