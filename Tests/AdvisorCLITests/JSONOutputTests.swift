import Foundation
import Testing

/// `--json` output: one object on stdout with the documented fields, holding values known independently of advisor.
@Suite struct JSONOutputTests {
    /// OLS of GeneratedTokens on ContextTokens over all 8,819 Azure code requests, by the closed form in Python
    /// (slope = Sxy / Sxx, intercept = ȳ − slope·x̄, scale = the population standard deviation of x).
    enum AzureCodeOLS {
        static let meanContext = 2047.848282118154
        static let scaleContext = 1973.7653686465603
        static let meanGenerated = 27.88252636353328
        static let standardizedSlope = 0.0689863202772022
        static let rawSlope = 3.495163172535909e-05
        static let rawIntercept = 27.810950724547276
    }

    static func close(_ value: Any?, _ expected: Double, relative: Double = 1e-12) -> Bool {
        guard let value = value as? Double else { return false }
        return abs(value - expected) <= relative * max(1, abs(expected))
    }

    @Test func fitThenInspectThenPredictAgreeWithTheClosedFormLeastSquares() async throws {
        let scratch = try ScratchFolder()
        let data = try TestData.azureCode()
        let modelPath = scratch.path("generated.json")
        let fit = try await Advisor.run([
            "fit", data, "--target", "GeneratedTokens", "--alpha", "0", "--out", modelPath, "--json", "--quiet",
        ])
        #expect(fit.status == 0, "\(fit)")
        let summary = try fit.json()
        #expect(Set(summary.keys) == ["file", "model", "seconds"])
        #expect(summary["file"] as? String == modelPath)
        let model = try #require(summary["model"] as? [String: Any])
        #expect(model["kind"] as? String == "ridge" && model["link"] as? String == "identity")
        #expect(model["target"] as? String == "GeneratedTokens" && model["features"] as? [String] == ["ContextTokens"])
        #expect(model["alpha"] as? Double == 0 && model["schemaVersion"] as? Int == 1)
        // Standardized features: the intercept is the mean of the target, the coefficient slope × σ(x).
        #expect(Self.close(model["intercept"], AzureCodeOLS.meanGenerated))
        #expect(Self.close((model["coefficients"] as? [Double])?.first, AzureCodeOLS.standardizedSlope))
        let standardization = try #require(model["standardization"] as? [String: [Double]])
        #expect(Self.close(standardization["mean"]?.first, AzureCodeOLS.meanContext))
        #expect(Self.close(standardization["scale"]?.first, AzureCodeOLS.scaleContext))
        let training = try #require(model["training"] as? [String: Any])
        #expect(training["rows"] as? Int == 8_819 && training["source"] as? String == data)
        // The hold-out refit is scored on the last ⌊0.2 × 8,819⌋ rows.
        #expect((model["holdout"] as? [String: Any])?["rows"] as? Int == 1_763)

        // inspect --json prints the validated file itself: the same object fit reported.
        let inspect = try await Advisor.run(["inspect", modelPath, "--json"])
        #expect(inspect.status == 0, "\(inspect)")
        #expect(NSDictionary(dictionary: try inspect.json()).isEqual(to: model))
        let text = try await Advisor.run(["inspect", modelPath])
        #expect(text.stdout.contains("ContextTokens  0.0689863                   3.49516e-05"), "\(text)")

        let predict = try await Advisor.run(["predict", modelPath, data, "--json"])
        #expect(predict.status == 0, "\(predict)")
        let scored = try predict.json()
        #expect(Set(scored.keys) == ["model", "predictions", "rows"])
        #expect(scored["model"] as? String == modelPath && scored["rows"] as? Int == 8_819)
        let predictions = try #require(scored["predictions"] as? [Double])
        #expect(predictions.count == 8_819)
        // The first request has 4,808 context tokens; least squares with an intercept predicts the target's mean on average.
        #expect(Self.close(predictions[0], AzureCodeOLS.rawIntercept + AzureCodeOLS.rawSlope * 4_808))
        #expect(Self.close(predictions.reduce(0, +) / 8_819, AzureCodeOLS.meanGenerated, relative: 1e-12))
        // Without --json: a CSV with the header 'prediction', one row per input row, full precision.
        let csv = try await Advisor.run(["predict", modelPath, data])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.count == 8_820 && lines[0] == "prediction")
        #expect(Self.close(Double(lines[1]), predictions[0], relative: 1e-15))
    }

    @Test func trainOnABlockTraceSliceReportsAndWritesTheThreeCacheModels() async throws {
        let scratch = try ScratchFolder()
        // The first 5,000 requests of the CloudPhysics trace: 1,820 distinct blocks, so a 10% cache holds 182.
        let slice = scratch.path("blocks.csv")
        let lines = try String(contentsOfFile: TestData.cloudPhysics(), encoding: .utf8).split(separator: "\n").prefix(5_001)
        try (lines.joined(separator: "\n") + "\n").write(toFile: slice, atomically: false, encoding: .utf8)
        let out = scratch.path("Models")
        let run = try await Advisor.run(["train", slice, "--key-column", "lbn", "--out", out, "--json", "--quiet"])
        #expect(run.status == 0, "\(run)")
        let report = try run.json()
        #expect(Set(report.keys) == ["features", "holdoutRows", "kind", "models", "notes", "rows", "source", "trainRows"])
        #expect(report["kind"] as? String == "access" && report["source"] as? String == slice)
        #expect(report["rows"] as? Int == 5_000 && report["trainRows"] as? Int == 4_000 && report["holdoutRows"] as? Int == 1_000)
        #expect(
            (report["notes"] as? [String])?.contains(
                "eviction and prefetch models are trained for a cache of 182 objects (--cache-size 10%)") == true)
        let models = try #require(report["models"] as? [[String: Any]])
        #expect(models.map { $0["name"] as? String } == ["cache-eviction", "cache-reuse", "cache-prefetch"])
        #expect(models.map { $0["kind"] as? String } == ["ridge", "ridge", "logistic"])
        #expect(models.map { $0["file"] as? String } == ["cache-eviction", "cache-reuse", "cache-prefetch"].map { "\(out)/\($0).json" })
        // The reuse model has one row per training request; its hold-out, one per hold-out request.
        #expect(models[1]["trainRows"] as? Int == 4_000 && (models[1]["holdout"] as? [String: Any])?["rows"] as? Int == 1_000)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [
                "cache-eviction.json", "cache-prefetch.json", "cache-reuse.json",
            ])
        let inspect = try await Advisor.run(["inspect", "\(out)/cache-reuse.json", "--json"])
        #expect(inspect.status == 0, "\(inspect)")
        #expect(try inspect.json()["target"] as? String == "log1p_requests_to_next_request")
    }

    @Test func convertDescribesTheArrivalStreamItWrote() async throws {
        let scratch = try ScratchFolder()
        let data = try TestData.azureCode()
        let output = scratch.path("arrivals.csv")
        let run = try await Advisor.run(["convert", "--format", "azure-llm", data, "-o", output, "--json", "--quiet"])
        #expect(run.status == 0, "\(run)")
        let report = try run.json()
        #expect(
            Set(report.keys) == [
                "columns", "dropped", "format", "ignored", "inputs", "notes", "output", "recordsRead", "rows", "sampleAgeSeconds",
                "timeRange",
            ])
        #expect(report["format"] as? String == "azure-llm" && report["output"] as? String == output)
        #expect(report["inputs"] as? [String] == [data])
        #expect(report["columns"] as? [String] == ["timestamp", "context_tokens", "generated_tokens"])
        #expect(report["rows"] as? Int == 8_819 && report["recordsRead"] as? Int == 8_819)
        #expect((report["dropped"] as? [String: Any])?.isEmpty == true)
        // The first and last TIMESTAMPs, 2023-11-16 18:17:03.9799600 and 19:14:19.9280160 UTC, as Unix seconds.
        let range = try #require(report["timeRange"] as? [Double])
        #expect(range.count == 2 && Self.close(range[0], 1_700_158_623.97996) && Self.close(range[1], 1_700_162_059.928016))
        let written = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(written.count == 8_820)
        #expect(written[0] == "timestamp,context_tokens,generated_tokens")
        #expect(written[1] == "1700158623.97996,4808.0,10.0")
    }

    @Test func simulateCacheReproducesTheHandCountedTinyTrace() async throws {
        // libCacheSim's own self-check (../shared/reference/libcachesim_reference.md): A B A C B A D A B C with
        // room for 2 objects. LRU hits A@3 and A@8 (0.8); FIFO and Belady hit A@3, B@5 and A@8 (0.7).
        let scratch = try ScratchFolder()
        let keys = ["A", "B", "A", "C", "B", "A", "D", "A", "B", "C"]
        let trace = scratch.path("tiny.csv")
        try (["timestamp,key"] + keys.enumerated().map { "\($0.offset),\($0.element)" }).joined(separator: "\n")
            .appending("\n").write(toFile: trace, atomically: false, encoding: .utf8)
        let run = try await Advisor.run(
            [
                "simulate", "cache", "--trace", trace, "--policy", "lru,fifo,belady,clock", "--size", "2", "--train-fraction", "0",
                "--json", "--quiet",
            ])
        #expect(run.status == 0, "\(run)")
        let report = try run.json()
        #expect(report["requests"] as? Int == 10 && report["unique_objects"] as? Int == 4)
        #expect(report["counted_requests"] as? Int == 10 && report["warmup_requests"] as? Int == 0)
        let results = try #require(report["results"] as? [[String: Any]])
        #expect(results.map { $0["policy"] as? String } == ["lru", "fifo", "belady", "clock"])
        #expect(results.map { $0["miss_ratio"] as? Double } == [0.8, 0.7, 0.7, 0.8])
        #expect(results.allSatisfy { $0["capacity"] as? Int == 2 && $0["requests"] as? Int == 10 && $0["unit"] as? String == "objects" })
    }

    @Test func simulateCacheMatchesLibCacheSimOnWeb07() async throws {
        let trace = try TestData.path("caffeine-sim-traces/web07.trace.xz")
        let run = try await Advisor.run(
            [
                "simulate", "cache", "--trace", trace, "--policy", "lru,fifo,belady", "--size", "1%", "--train-fraction", "0", "--json",
                "--quiet",
            ])
        #expect(run.status == 0, "\(run)")
        let report = try run.json()
        #expect(report["format"] as? String == "cache2k")
        #expect(report["requests"] as? Int == 76_118 && report["unique_objects"] as? Int == 20_484)
        let results = try #require(report["results"] as? [[String: Any]])
        // libcachesim_reference.csv, web07 at 204 objects (1% of 20,484).
        let expected: [(String, Double)] = [("lru", 0.608542), ("fifo", 0.637221), ("belady", 0.466223)]
        #expect(results.count == 3)
        for (result, (policy, missRatio)) in zip(results, expected) {
            #expect(result["policy"] as? String == policy && result["capacity"] as? Int == 204)
            #expect(abs((result["miss_ratio"] as? Double ?? 0) - missRatio) < 5e-7, "\(policy)")
        }
    }

    @Test func evaluateStrategiesScoresTheFinishedRequestsOfTheAlibabaLog() async throws {
        let log = try TestData.path("alibaba-genai-serving-2026/lora_request_trace.csv")
        let run = try await Advisor.run(["evaluate", "strategies", log, "--json"])
        #expect(run.status == 0, "\(run)")
        let report = try run.json()
        // The datasets README: 26,823 requests, of which 26,392 SUCCEED and 398 FAILED; the 30 PENDING and
        // 3 PROCESSING never finished. The first 26,790 − ⌊0.2 × 26,790⌋ finished ones are the training part.
        #expect(report["rows"] as? Int == 26_790 && report["skippedRows"] as? Int == 33)
        #expect(report["trainRows"] as? Int == 21_432 && report["source"] as? String == log)
        // Counted independently in Python (finished rows sorted by gmt_create): the 8 models most used on the
        // training part, their training requests, and the 4,618 hold-out requests one of them served.
        let strategies = try #require(report["strategies"] as? [[String: Any]])
        #expect(strategies.map { $0["name"] as? String } == ["M0002", "M0001", "M0004", "M0010", "M0003", "M0000", "M0026", "M0011"])
        #expect(strategies.map { $0["trainRows"] as? Int } == [6_762, 2_664, 1_976, 1_762, 1_541, 966, 864, 650])
        #expect(report["holdoutRows"] as? Int == 4_618)
        #expect(strategies.compactMap { $0["holdoutRows"] as? Int }.reduce(0, +) == 4_618)
        let policies = try #require(report["policies"] as? [[String: Any]])
        #expect(
            policies.map { $0["policy"] as? String } == ["selector (5% exploration)", "selector, greedy", "always M0002", "uniform random"])
        #expect(report["bestOnTraining"] as? String == "M0002")
    }
}
