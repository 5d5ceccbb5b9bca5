import AdvisorInput
import AdvisorSimulation
import AdvisorTestSupport
import Foundation
import Testing

/// The strategy selector on the Alibaba GenAI request log: which checkpoint model serves each request.
@Suite struct StrategyEvaluationTests {
    static func log() throws -> GenAIRequestLog {
        try GenAIRequestLog.read(InputBuffer.open(path: SharedData.path("alibaba-genai-serving-2026/lora_request_trace.csv")))
    }

    @Test("the log reads every finished request with its model, time and status, as counted in the dataset README")
    func readsTheLog() throws {
        let log = try Self.log()
        // 26,823 rows: 26,392 SUCCEED + 398 FAILED finished; 30 PENDING and 3 PROCESSING have no outcome.
        #expect(log.count == 26_790 && log.skipped == 33)
        #expect(log.succeeded.filter { $0 }.count == 26_392)
        // The README counts 87 models with the empty id of the 25 rows that lack one; 86 are named.
        #expect(log.strategyNames.count == 86)
        // 2024-11-15 16:57:50 UTC, and 17:33:45 on 2024-12-08, the last finished request (the last two rows are still processing).
        #expect(log.timestamps.first == 1_731_689_870 && log.timestamps.last == 1_733_679_225)
        #expect(zip(log.timestamps, log.timestamps.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test("on held-out requests the selector beats uniform random choice and matches always-the-best-on-training")
    func selectorAgainstBaselines() throws {
        let report = try StrategyEvaluation.evaluate(Self.log(), source: "lora_request_trace.csv", options: .init())
        #expect(report.strategies.count == 8)
        let policies = Dictionary(uniqueKeysWithValues: report.policies.map { ($0.policy, $0) })
        let greedy = try #require(policies["selector, greedy"])
        let random = try #require(policies["uniform random"])
        let always = try #require(policies["always \(report.bestOnTraining)"])
        #expect(greedy.matched > 500 && random.matched > 300)
        #expect(greedy.expectedTimeToSuccess < 0.7 * random.expectedTimeToSuccess)
        #expect(greedy.expectedTimeToSuccess < 1.05 * always.expectedTimeToSuccess)
        // The greedy selector does not always pick the same model: it uses the request's features.
        #expect(greedy.picks.count > 1)
    }

    @Test func aMalformedTimeNamesItsLineAndColumn() throws {
        let header =
            "gmt_create,predict_type,predict_status,exec_time_seconds,groupId,prompt_length,negative_prompt_length,num_images_per_prompt,num_inference_steps,checkpoint_model_version_id,num_lora\n"
        let path = try TemporaryFile.write(
            header
                + "2024-11-15 16:57:50,TXT_2_IMG,SUCCEED,32.0,G0,63.0,26.0,1.0,30.0,M0,0\n2024-11-15 25:00:00,TXT_2_IMG,SUCCEED,3.0,G0,6.0,,1.0,30.0,M0,0\n"
        )
        let error = #expect(throws: InputError.self) { try GenAIRequestLog.read(InputBuffer.open(path: path)) }
        #expect(error?.line == 3 && error?.column == 1)
    }
}
