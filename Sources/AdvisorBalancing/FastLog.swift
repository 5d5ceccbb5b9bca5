/// A logarithm cheap enough to take for every backend of a pool on every decision.
///
/// `log1p(x)` from the binary exponent of `1 + x` and an odd series in `(m − 1)/(m + 1)` for its
/// significand `m ∈ [1, 2)`: absolute error below 2·10⁻⁵, no table, no branch but the sign. Features
/// defined with it are computed with it in training and at run time alike, so the error is part of the
/// feature, not a skew between the two.
enum FastLog {
    @inline(__always)
    static func log1p(_ x: Double) -> Double {
        let y = 1 + max(0, x)
        let m = y.significand
        let t = (m - 1) / (m + 1)
        let t2 = t * t
        // 2·atanh(t) = ln(m), through t⁷.
        let series = 2 * t * (1 + t2 * (1.0 / 3 + t2 * (1.0 / 5 + t2 * (1.0 / 7))))
        return Double(y.exponent) * 0.693_147_180_559_945_3 + series
    }
}
