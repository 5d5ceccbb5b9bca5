/// The package's one rule for an empirical quantile of recorded values.
///
/// The quantile `q` of `n` sorted values is the value at 0-based index ⌊q·n⌋, clamped to the last one:
/// the smallest recorded value that more than a fraction `q` of the values are at or below (for `q` = 0.5
/// the upper median; for `q` = 0.99 of 100 values the largest). It is always a value that was recorded,
/// never an interpolation, so a timeout or delay set from it is one the recording actually saw.
package enum EmpiricalQuantile {
    /// The index of quantile `q` among `count` sorted values.
    ///
    /// - Parameters:
    ///   - q: The quantile, in [0, 1].
    ///   - count: The number of values; at least 1.
    /// - Returns: ⌊q·count⌋, at most `count − 1`.
    @inlinable
    package static func index(_ q: Double, count: Int) -> Int {
        precondition(count > 0, "the quantile of no values")
        return min(count - 1, Int(Double(count) * q))
    }

    /// Quantile `q` of values already sorted in ascending order.
    ///
    /// - Parameters:
    ///   - q: The quantile, in [0, 1].
    ///   - sorted: The values, ascending; not empty.
    /// - Returns: The value at `index(q, count: sorted.count)`.
    /// - Complexity: O(1).
    @inlinable
    package static func value<Values: RandomAccessCollection>(_ q: Double, sorted: Values) -> Values.Element {
        sorted[sorted.index(sorted.startIndex, offsetBy: index(q, count: sorted.count))]
    }

    /// Quantile `q` of unsorted values.
    ///
    /// - Parameters:
    ///   - q: The quantile, in [0, 1].
    ///   - values: The values; not empty.
    /// - Returns: The quantile, by the rule above.
    /// - Complexity: O(n log n): the values are sorted.
    @inlinable
    package static func value<Values: Sequence>(_ q: Double, of values: Values) -> Values.Element where Values.Element: Comparable {
        value(q, sorted: values.sorted())
    }
}
