import AdvisorSupport
import Foundation

/// A linear model of an object's log time to its next request, over `ObjectHistory`'s features,
/// split so an eviction costs one logarithm per candidate.
///
/// Only three features move while an object waits in the cache: `log_age`, and the two decayed
/// counters, whose logarithms fall linearly with age. So the score at time `now` is a part fixed
/// at the object's last request, plus `w_age · log1p(age)`, minus `decay · age`. The fixed part is
/// computed once per request; `score(fixed:age:)` is exact, not an approximation of the model.
package struct ReuseTimeModel: Sendable, Equatable {
    /// Raw-scale weights over `ObjectHistory.featureNames`, and the intercept.
    package let weights: [Double]
    package let bias: Double
    /// Weight of `log_age`.
    let ageWeight: Double
    /// How much the score falls per request of age through the decayed counters.
    let decayPerRequest: Double

    /// - Precondition: one weight per `ObjectHistory` feature.
    package init(weights: [Double], bias: Double) {
        precondition(weights.count == ObjectHistory.featureCount, "expected \(ObjectHistory.featureCount) weights")
        self.weights = weights
        self.bias = bias
        ageWeight = weights[0]
        decayPerRequest = weights[7] * ObjectHistory.fastDecayPerRequest + weights[8] * ObjectHistory.slowDecayPerRequest
    }

    /// Scores by recency alone (the longest-idle candidate goes first): sampled LRU. The learned
    /// policy runs with it until a model is trained, and the trainer samples candidates under it.
    package static let recency = ReuseTimeModel(
        weights: [1] + [Double](repeating: 0, count: ObjectHistory.featureCount - 1), bias: 0)

    /// The part of the score fixed at the object's last request.
    /// - Complexity: O(p), no allocation.
    package func fixedPart(of id: ObjectID, in history: ObjectHistory) -> Double {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: ObjectHistory.featureCount) { features in
            history.staticFeatures(of: id, into: features)
            var sum = bias
            for index in 1..<features.count { sum += weights[index] * features[index] }
            return sum
        }
    }

    /// The predicted log time to the next request, `age` requests after the last one.
    @inline(__always) package func score(fixed: Double, age: Int) -> Double {
        let age = Double(age)
        return fixed + ageWeight * FastMath.log1p(age) - decayPerRequest * age
    }
}
