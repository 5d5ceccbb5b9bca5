import CLapack

/// The one place advisor calls LAPACK and BLAS.
///
/// Every routine works on caller-owned buffers so the fitting code above it decides where memory
/// lives. Symmetric matrices are stored full (both triangles) in column-major order; the
/// routines read and write the upper triangle and mirror it where a caller needs both.
enum LinearAlgebra {
    /// Adds `rowsᵀ·rows` to the upper triangle of `gram` (`columns × columns`).
    ///
    /// - Parameters:
    ///   - rows: `count` rows, row-major, `stride` values apart; the first `columns` values of each row are used.
    ///   - gram: column-major `columns × columns`; only its upper triangle is updated.
    /// - Complexity: O(count · columns²) flops, in BLAS `dsyrk`.
    static func addGram(
        rows: UnsafePointer<Double>, count: Int, columns: Int, stride: Int,
        into gram: UnsafeMutablePointer<Double>
    ) {
        guard count > 0 else { return }
        // Row-major (count × stride) is column-major (stride × count): C += A·Aᵀ with A = the leading `columns` rows of that.
        cblas_dsyrk(
            CblasColMajor, CblasUpper, CblasNoTrans, Int32(columns), Int32(count),
            1.0, rows, Int32(stride), 1.0, gram, Int32(columns))
    }

    /// Computes `out[i] = Σ_j rows[i·stride + j] · weights[j]` for `count` row-major rows.
    static func multiply(
        rows: UnsafePointer<Double>, count: Int, columns: Int, stride: Int,
        by weights: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>
    ) {
        guard count > 0 else { return }
        cblas_dgemv(
            CblasRowMajor, CblasNoTrans, Int32(count), Int32(columns), 1.0, rows, Int32(stride),
            weights, 1, 0.0, out, 1)
    }

    /// How a symmetric system was solved.
    enum SolveOutcome: Equatable {
        /// Cholesky succeeded and the reciprocal condition number was acceptable.
        case cholesky(reciprocalCondition: Double)
        /// The matrix was singular or ill-conditioned: a minimum-norm least-squares solution of the given effective rank.
        case minimumNorm(rank: Int, reciprocalCondition: Double)
    }

    /// Solves `matrix · x = rhs` for a symmetric positive semi-definite `matrix`, never silently wrong.
    ///
    /// Tries Cholesky (`dpotrf`/`dpotrs`) and estimates the reciprocal condition number (`dpocon`).
    /// When the factorisation fails or the condition is worse than `minimumReciprocalCondition`,
    /// falls back to the SVD-based minimum-norm solution (`dgelsd`) with singular values below
    /// `minimumReciprocalCondition · σ_max` treated as zero, and reports the rank it found.
    /// - Parameters:
    ///   - matrix: `n × n`, full symmetric storage; not modified.
    ///   - rhs: `n` values; replaced by the solution.
    /// - Returns: which path produced the solution.
    static func solveSymmetric(
        _ matrix: [Double], n: Int, rhs: inout [Double], minimumReciprocalCondition: Double = 1e-13
    ) -> SolveOutcome {
        var factor = matrix
        let norm = factor.withUnsafeMutableBufferPointer {
            LAPACKE_dlansy(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "1")), Int8(UInt8(ascii: "U")), Int32(n), $0.baseAddress, Int32(n))
        }
        let info = factor.withUnsafeMutableBufferPointer {
            LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), Int32(n), $0.baseAddress, Int32(n))
        }
        var reciprocalCondition = 0.0
        if info == 0 {
            _ = factor.withUnsafeMutableBufferPointer {
                LAPACKE_dpocon(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), Int32(n), $0.baseAddress, Int32(n), norm, &reciprocalCondition)
            }
            if reciprocalCondition >= minimumReciprocalCondition {
                var solution = rhs
                let solved = factor.withUnsafeMutableBufferPointer { f in
                    solution.withUnsafeMutableBufferPointer { b in
                        LAPACKE_dpotrs(
                            LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), Int32(n), 1, f.baseAddress, Int32(n), b.baseAddress, Int32(n))
                    }
                }
                if solved == 0 {
                    rhs = solution
                    return .cholesky(reciprocalCondition: reciprocalCondition)
                }
            }
        }
        let rank = minimumNormSolve(matrix, rows: n, columns: n, rhs: &rhs, relativeCutoff: minimumReciprocalCondition)
        return .minimumNorm(rank: rank, reciprocalCondition: reciprocalCondition)
    }

    /// Minimum-norm least-squares solution of `a · x ≈ b` by SVD (`dgelsd`).
    ///
    /// - Parameters:
    ///   - a: `rows × columns`, column-major; not modified.
    ///   - rhs: `max(rows, columns)` values on entry with `b` in the first `rows`; the first `columns` are `x` on return.
    ///   - relativeCutoff: singular values below `relativeCutoff · σ_max` count as zero.
    /// - Returns: the effective rank (0 if LAPACK failed to converge, with `rhs` zeroed).
    static func minimumNormSolve(
        _ a: [Double], rows: Int, columns: Int, rhs: inout [Double], relativeCutoff: Double
    ) -> Int {
        var copy = a
        var singularValues = [Double](repeating: 0, count: min(rows, columns))
        var rank: Int32 = 0
        let ldb = max(rows, columns)
        if rhs.count < ldb { rhs += [Double](repeating: 0, count: ldb - rhs.count) }
        let info = copy.withUnsafeMutableBufferPointer { aPointer in
            rhs.withUnsafeMutableBufferPointer { bPointer in
                singularValues.withUnsafeMutableBufferPointer { sPointer in
                    LAPACKE_dgelsd(
                        LAPACK_COL_MAJOR, Int32(rows), Int32(columns), 1, aPointer.baseAddress, Int32(rows),
                        bPointer.baseAddress, Int32(ldb), sPointer.baseAddress, relativeCutoff, &rank)
                }
            }
        }
        guard info == 0 else {
            for index in rhs.indices { rhs[index] = 0 }
            return 0
        }
        return Int(rank)
    }

    /// Solves the square system `a · x = rhs` (or `aᵀ · x = rhs`) by LU with partial pivoting (`dgesv`).
    /// - Parameters:
    ///   - a: `n × n`, column-major; not modified.
    ///   - transposed: solve with `aᵀ` instead.
    /// - Returns: `x`, or `nil` when `a` is exactly singular.
    static func solveGeneral(_ a: [Double], n: Int, rhs: [Double], transposed: Bool = false) -> [Double]? {
        var matrix = a
        if transposed {
            for column in 0..<n { for row in 0..<n { matrix[column * n + row] = a[row * n + column] } }
        }
        var solution = rhs
        var pivots = [Int32](repeating: 0, count: n)
        let info = matrix.withUnsafeMutableBufferPointer { m in
            solution.withUnsafeMutableBufferPointer { b in
                pivots.withUnsafeMutableBufferPointer { p in
                    LAPACKE_dgesv(LAPACK_COL_MAJOR, Int32(n), 1, m.baseAddress, Int32(n), p.baseAddress, b.baseAddress, Int32(n))
                }
            }
        }
        return info == 0 ? solution : nil
    }
}

/// Control over the BLAS library's own threads.
public enum LinearAlgebraThreads {
    /// Runs `body` with OpenBLAS limited to one thread, so that callers that already split work
    /// across cores (the chunked CSV scan) do not oversubscribe them.
    public static func single<R>(_ body: () throws -> R) rethrows -> R {
        let previous = openblas_get_num_threads()
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(previous) }
        return try body()
    }
}
