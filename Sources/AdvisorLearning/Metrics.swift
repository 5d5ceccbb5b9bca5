import Foundation

/// Scores of predictions against what happened, keyed by stable names used in model files and reports.
public enum Metrics {
    /// R², MAE, RMSE and MAPE (`r2`, `mae`, `rmse`, `mape`).
    ///
    /// MAPE averages `|error|/|actual|` over rows whose actual value is not zero (a zero would make it infinite);
    /// R² compares with predicting the mean of `actual` itself.
    public static func regression(actual: [Double], predicted: [Double]) -> [String: Double] {
        precondition(actual.count == predicted.count)
        let n = Double(actual.count)
        guard n > 0 else { return [:] }
        let mean = actual.reduce(0, +) / n
        var squared = 0.0
        var absolute = 0.0
        var total = 0.0
        var percentage = 0.0
        var nonZero = 0.0
        for (y, prediction) in zip(actual, predicted) {
            let error = y - prediction
            squared += error * error
            absolute += abs(error)
            total += (y - mean) * (y - mean)
            if y != 0 {
                percentage += abs(error) / abs(y)
                nonZero += 1
            }
        }
        var result = ["mae": absolute / n, "rmse": (squared / n).squareRoot()]
        result["r2"] = total > 0 ? 1 - squared / total : nil
        result["mape"] = nonZero > 0 ? percentage / nonZero : nil
        return result
    }

    /// Mean pinball loss and empirical coverage (the fraction of actual values at or below the prediction).
    public static func quantile(actual: [Double], predicted: [Double], quantile tau: Double) -> [String: Double] {
        precondition(actual.count == predicted.count)
        guard !actual.isEmpty else { return [:] }
        var loss = 0.0
        var covered = 0.0
        for (y, prediction) in zip(actual, predicted) {
            loss += QuantileRegression.pinball(y - prediction, quantile: tau)
            if y <= prediction { covered += 1 }
        }
        return ["pinball": loss / Double(actual.count), "coverage": covered / Double(actual.count)]
    }

    /// Mean log loss and the area under the ROC curve (`log_loss`, `auc`) of predicted probabilities for 0/1 labels.
    ///
    /// AUC is the Mann–Whitney statistic with tied scores counted as half, so it is exact for any number of ties;
    /// it is absent when only one class is present.
    public static func classification(labels: [Double], probabilities: [Double]) -> [String: Double] {
        precondition(labels.count == probabilities.count)
        guard !labels.isEmpty else { return [:] }
        var logLoss = 0.0
        for (y, p) in zip(labels, probabilities) {
            let clipped = min(max(p, 1e-15), 1 - 1e-15)
            logLoss -= y == 1 ? log(clipped) : log(1 - clipped)
        }
        var result = ["log_loss": logLoss / Double(labels.count)]
        let order = probabilities.indices.sorted { probabilities[$0] < probabilities[$1] }
        var rankSumPositives = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, probabilities[order[end + 1]] == probabilities[order[start]] { end += 1 }
            let averageRank = Double(start + end) / 2 + 1
            for index in start...end where labels[order[index]] == 1 { rankSumPositives += averageRank }
            start = end + 1
        }
        let positives = labels.filter { $0 == 1 }.count
        let negatives = labels.count - positives
        if positives > 0, negatives > 0 {
            let p = Double(positives)
            result["auc"] = (rankSumPositives - p * (p + 1) / 2) / (p * Double(negatives))
        }
        return result
    }
}
