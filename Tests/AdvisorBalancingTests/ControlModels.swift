import AdvisorBalancing
import AdvisorLearning
import Foundation

/// Small hand-written latency models for testing the runtime types' decision logic.
enum ControlModels {
    /// A log-latency model over the tracker's own features and `metrics`:
    /// `log(ms) = intercept + Σ coefficient·feature`.
    static func latency(
        intercept: Double, coefficients: [String: Double], quantile: Double = 0.99, metrics: [String] = []
    ) throws -> ModelArtifact {
        let names = BackendFeatureTracker.featureNames(metrics: metrics)
        let object: [String: Any] = [
            "schemaVersion": ModelArtifact.currentSchemaVersion, "name": "latency-test", "kind": "quantile", "target": "log_latency_ms",
            "link": "exp", "quantile": quantile, "alpha": 0, "features": names,
            "standardization": ["mean": names.map { _ in 0.0 }, "scale": names.map { _ in 1.0 }], "intercept": intercept,
            "coefficients": names.map { coefficients[$0] ?? 0 },
            "training": ["source": "hand-written", "fingerprint": "-", "rows": 0, "split": "none"],
            "diagnostics": [
                "solver": "none", "rank": names.count + 1, "reciprocalCondition": 1, "iterations": 1, "converged": true,
                "constantFeatures": [Int](),
            ],
            "createdBy": "test",
        ]
        return try JSONDecoder().decode(ModelArtifact.self, from: JSONSerialization.data(withJSONObject: object))
    }

    /// `latency(…)` checked as the runtime loads it.
    static func model(intercept: Double, coefficients: [String: Double], quantile: Double = 0.99, metrics: [String] = []) throws
        -> LatencyModel
    {
        try LatencyModel(latency(intercept: intercept, coefficients: coefficients, quantile: quantile, metrics: metrics))
    }
}
