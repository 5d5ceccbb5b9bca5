/// The package's one fast logarithm (absolute error below 0.006) and its inverse, a power of two (relative
/// error below 0.5%), from the float's bits and one quadratic term.
///
/// Learned features only have to order what they describe, and they are computed by this same code when a
/// model is trained and when it is used (one feature path), so the approximation is part of the feature's
/// definition rather than an error. What matters is that it is monotone, smooth enough, and a few
/// instructions with no division, table or branch: a replay has tens of nanoseconds per request.
///
/// Public, not `package`, only so that it inlines: the compiler inlines a `package` function's `@inlinable` body into
/// no other module, so every call from the cache's history (two per learned hit) or a balancer's scan (one per
/// candidate) was a call (`Scripts/package-inlining.sh` shows it). AdvisorSupport has no product, so applications do not see it.
public enum FastMath {
    @inlinable static var ln2: Double { 0.693_147_180_559_945_3 }
    /// Curvature of the quadratic correction: log2(1 + m) ≈ m + k·m(1 − m) on [0, 1).
    @inlinable static var curvature: Double { 0.346_607 }

    /// Natural logarithm of `x` > 0 (absolute error below 0.006).
    @inlinable @inline(__always) public static func log(_ x: Double) -> Double {
        let bits = x.bitPattern
        let exponent = Double(Int((bits >> 52) & 0x7ff) - 1023)
        let m = Double(bitPattern: (bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000) - 1
        return (exponent + m + curvature * m * (1 - m)) * ln2
    }

    /// `log(1 + x)` for x ≥ 0 (absolute error below 0.006).
    @inlinable @inline(__always) public static func log1p(_ x: Double) -> Double {
        log(1 + x)
    }

    /// 2^x (relative error below 0.5%), flushing to 0 below −1000.
    @inlinable @inline(__always) public static func exp2(_ x: Double) -> Double {
        guard x > -1000 else { return 0 }
        // floor(x) exactly, without a call into libm (the baseline x86-64 target has no rounding instruction); the
        // conversion to Int64 below already bounds x as the original `rounded(.down)` did.
        let truncated = Double(Int64(x))
        let whole = truncated > x ? truncated - 1 : truncated
        let f = x - whole
        let mantissa = 1 + f - curvature * f * (1 - f)
        return Double(bitPattern: mantissa.bitPattern &+ (UInt64(bitPattern: Int64(whole)) << 52))
    }
}
