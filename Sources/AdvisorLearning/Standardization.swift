/// Per-feature centring and scaling, stored with a model so that scoring applies exactly what training did.
public struct Standardization: Codable, Sendable, Equatable {
    /// Weighted mean of each feature on the training rows.
    public var mean: [Double]
    /// Weighted population standard deviation of each feature; 1 for a constant feature (whose coefficient is 0).
    public var scale: [Double]

    public init(mean: [Double], scale: [Double]) {
        self.mean = mean
        self.scale = scale
    }

    /// Reads means and standard deviations of the first `featureCount` columns from moments.
    ///
    /// A feature whose standard deviation is zero, or below 1e-12 of its mean's magnitude, is
    /// constant on these rows: it cannot be told apart from the intercept, so it gets scale 1 and
    /// is reported in `constantFeatures` for the fit to hold its coefficient at zero.
    static func from(_ moments: Moments, featureCount: Int) -> (Standardization, constantFeatures: [Int]) {
        var scale = [Double](repeating: 1, count: featureCount)
        var constant: [Int] = []
        for feature in 0..<featureCount {
            let deviation = moments.variance(feature).squareRoot()
            if deviation == 0 || deviation <= 1e-12 * abs(moments.mean[feature]) {
                constant.append(feature)
            } else {
                scale[feature] = deviation
            }
        }
        return (Standardization(mean: Array(moments.mean.prefix(featureCount)), scale: scale), constant)
    }
}
