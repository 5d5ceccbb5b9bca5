import Foundation

/// Scores a loaded model on one row of raw features without allocating: a dot product and a link.
///
/// Standardization is folded into raw-scale weights once, at construction, so a call is `p`
/// multiply-adds. Callers keep the features in a stack buffer
/// (`withUnsafeTemporaryAllocation(of: Double.self, capacity: p)`) and pass it here.
public struct LinearScorer: Sendable {
    /// Raw-scale weights, one per feature.
    public let weights: [Double]
    /// Raw-scale intercept.
    public let bias: Double
    /// How `η` becomes a prediction.
    public let link: ModelArtifact.Link

    /// Prepares a scorer from a validated model file.
    public init(_ artifact: ModelArtifact) {
        let model = artifact.linearModel
        self.weights = model.rawCoefficients
        self.bias = model.rawIntercept
        self.link = artifact.link
    }

    /// Number of features expected.
    public var featureCount: Int { weights.count }

    /// The linear predictor `η` for one row.
    /// - Complexity: O(p), no allocation.
    @inlinable
    public func linearPredictor(_ features: UnsafeBufferPointer<Double>) -> Double {
        precondition(features.count == weights.count, "expected \(weights.count) features")
        var sum = bias
        weights.withUnsafeBufferPointer { w in
            for index in 0..<w.count { sum += w[index] * features[index] }
        }
        return sum
    }

    /// The prediction for one row, on the target's scale (a probability for a logistic model).
    /// - Complexity: O(p), no allocation.
    public func predict(_ features: UnsafeBufferPointer<Double>) -> Double {
        link.apply(linearPredictor(features))
    }
}

extension ModelArtifact.Link {
    /// The prediction on the target's scale for the linear predictor `eta`.
    public func apply(_ eta: Double) -> Double {
        switch self {
        case .identity: eta
        case .logistic: LogisticRegression.sigmoid(eta)
        case .exp: Foundation.exp(eta)
        case .expm1: Foundation.expm1(eta)
        }
    }
}
