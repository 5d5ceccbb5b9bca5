/// Streaming sufficient statistics of rows `z = (x₁ … x_p, y)`: weighted sums and cross-products.
///
/// Memory is O(m²) for `m` columns whatever the number of rows, so a fit can stream a file of
/// any length. Values are shifted by a fixed reference row before they are squared, which keeps
/// the later centring free of catastrophic cancellation when a column's mean is large compared
/// with its spread (timestamps, byte counters). Accumulators with the same shift can be merged,
/// which is how per-chunk statistics become per-fold and whole-file statistics.
public struct GramAccumulator: Sendable {
    /// Number of columns `m` in each row.
    public let columns: Int
    /// The reference row subtracted from every row before accumulation.
    public let shift: [Double]
    /// `Σ w·(z−shift)(z−shift)ᵀ`, column-major `m × m`, upper triangle valid.
    private(set) var gram: [Double]
    /// `Σ w·(z−shift)`.
    private(set) var sums: [Double]
    /// `Σ w`.
    public private(set) var totalWeight: Double = 0
    /// Number of rows added.
    public private(set) var rowCount: Int = 0
    /// Reused buffer for the shifted, weight-scaled batch, so adding a batch allocates nothing.
    private var scratch: [Double] = []

    /// Creates an empty accumulator.
    /// - Parameter shift: the reference row, usually the first row of the data; its count is `m`.
    public init(shift: [Double]) {
        self.columns = shift.count
        self.shift = shift.map { $0.isFinite ? $0 : 0 }
        self.gram = [Double](repeating: 0, count: shift.count * shift.count)
        self.sums = [Double](repeating: 0, count: shift.count)
    }

    /// Adds a batch of rows.
    /// - Parameters:
    ///   - rows: `count` row-major rows, `stride` values apart; the first `columns` values of each are used.
    ///   - weightColumn: index within a row of a non-negative sample weight, or `nil` for weight 1.
    /// - Complexity: O(count · m²), in BLAS.
    public mutating func add(rows: UnsafeBufferPointer<Double>, count: Int, stride: Int, weightColumn: Int? = nil) {
        guard count > 0, let base = rows.baseAddress else { return }
        let m = columns
        if scratch.count < count * m { scratch = [Double](repeating: 0, count: count * m) }
        scratch.withUnsafeMutableBufferPointer { buffer in
            let out = buffer.baseAddress!
            for row in 0..<count {
                let source = base + row * stride
                let weight = weightColumn.map { source[$0] } ?? 1
                let root = weight.squareRoot()
                totalWeight += weight
                for column in 0..<m {
                    let centred = source[column] - shift[column]
                    sums[column] += weight * centred
                    out[row * m + column] = root * centred
                }
            }
            gram.withUnsafeMutableBufferPointer { g in
                LinearAlgebra.addGram(rows: out, count: count, columns: m, stride: m, into: g.baseAddress!)
            }
        }
        rowCount += count
    }

    /// Adds another accumulator's rows to this one.
    /// - Precondition: both were created with the same shift.
    public mutating func merge(_ other: GramAccumulator) {
        precondition(other.shift == shift, "accumulators merge only with the same shift")
        for index in gram.indices { gram[index] += other.gram[index] }
        for index in sums.indices { sums[index] += other.sums[index] }
        totalWeight += other.totalWeight
        rowCount += other.rowCount
    }

    /// The merged statistics of several accumulators that share a shift.
    public static func merged(_ parts: some Collection<GramAccumulator>) -> GramAccumulator? {
        guard var total = parts.first else { return nil }
        for part in parts.dropFirst() { total.merge(part) }
        return total
    }

    /// Means and centred cross-products of the rows added so far.
    public func moments() -> Moments {
        let m = columns
        let weight = totalWeight
        let offsets = sums.map { weight > 0 ? $0 / weight : 0 }
        var centred = [Double](repeating: 0, count: m * m)
        for column in 0..<m {
            for row in 0...column {
                let value = gram[column * m + row] - weight * offsets[row] * offsets[column]
                centred[column * m + row] = value
                centred[row * m + column] = value
            }
        }
        return Moments(
            rowCount: rowCount, totalWeight: weight,
            mean: zip(shift, offsets).map { $0 + $1 }, crossProducts: centred)
    }

    /// Weighted sum of squared residuals `Σ w·(y − b₀ − bᵀx)²` of a linear predictor over the rows added,
    /// where `y` is the last column; used to score a fold without another pass over the data.
    public func sumOfSquaredResiduals(intercept: Double, coefficients: [Double]) -> Double {
        let m = columns
        precondition(coefficients.count == m - 1)
        // residual = aᵀ(z − shift) + c with a = (−b, 1) and c = shift_y − b₀ − bᵀ·shift_x.
        var a = coefficients.map { -$0 }
        a.append(1)
        var c = shift[m - 1] - intercept
        for j in 0..<(m - 1) { c -= coefficients[j] * shift[j] }
        var quadratic = 0.0
        for column in 0..<m {
            for row in 0..<m {
                let g = row <= column ? gram[column * m + row] : gram[row * m + column]
                quadratic += a[row] * g * a[column]
            }
        }
        var linear = 0.0
        for j in 0..<m { linear += a[j] * sums[j] }
        return max(0, quadratic + 2 * c * linear + c * c * totalWeight)
    }
}

/// Weighted means and centred cross-products of a set of rows.
public struct Moments: Sendable, Equatable {
    /// Rows that contributed.
    public var rowCount: Int
    /// `Σ w`.
    public var totalWeight: Double
    /// Weighted mean of each column.
    public var mean: [Double]
    /// `Σ w·(z − mean)(z − mean)ᵀ`, column-major, both triangles filled.
    public var crossProducts: [Double]

    /// Number of columns.
    public var columns: Int { mean.count }

    /// Weighted population variance of a column.
    public func variance(_ column: Int) -> Double {
        totalWeight > 0 ? max(0, crossProducts[column * columns + column]) / totalWeight : 0
    }
}
