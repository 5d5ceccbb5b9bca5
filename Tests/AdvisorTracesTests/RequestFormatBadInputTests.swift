import AdvisorInput
import AdvisorTestSupport
import AdvisorTraces
import Foundation
import Testing

/// Bad input to the request and arrival formats: errors name the file, line and column.
///
/// Each input is a tiny hand-written file in the format's real shape, pinning one edge case.
struct RequestFormatBadInputTests {
    static func requestError(_ format: RequestFormat, _ text: String, name: String) throws -> InputError {
        let path = try TemporaryFile.write(text, name: name)
        do {
            _ = try format.read(try InputFiles(expanding: [path]))
        } catch {
            return error
        }
        Issue.record("expected an error for \(text.debugDescription)")
        return InputError(code: .unreadable, file: path, message: "no error")
    }

    static func arrivalError(_ format: ArrivalFormat, _ text: String, name: String = "arrivals.csv") throws -> InputError {
        let path = try TemporaryFile.write(text, name: name)
        do {
            _ = try format.read(try InputFiles(expanding: [path]))
        } catch {
            return error
        }
        Issue.record("expected an error for \(text.debugDescription)")
        return InputError(code: .unreadable, file: path, message: "no error")
    }

    @Test(
        "request formats name the line and column of a bad field",
        arguments: [
            (
                RequestFormat.alibabaGenAI, "pipeline_inference_data_anon.csv",
                "timestamp_anon,value,container_ip\n1662858720.0,19106.0,63beb1b8\n1662859233.0,n/a,fd0116f4\n", 3, 2
            ),
            (
                .alibabaGenAI, "pipeline_inference_data_anon.csv",
                "timestamp_anon,value,container_ip\n1662858720.0,-5,63beb1b8\n", 2, 2
            ),
            (
                .nezha, "12_02_trace.csv",
                "TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,EndTimeUnixNano,Duration\n"
                    + "03de5681338fe68d6a89274fb34934cb,9890aedfc1ee441b,root,frontend-1,Recv.,1661258203788591288,1661258204044290961,255699\n"
                    + "03de5681338fe68d6a89274fb34934cx,2ddeeb22b96e4daa,9890aedfc1ee441b,frontend-1,GetCart,1661258203788731479,1661258203793083644,4352\n",
                3, 1
            ),
            (
                .nezha, "12_02_trace.csv",
                "TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,EndTimeUnixNano,Duration\n"
                    + "03de5681338fe68d6a89274fb34934cb,9890aedfc1ee441b,root,frontend-1,Recv.,1661258203.5,1661258204044290961,255699\n",
                2, 6
            ),
            (
                .azureVMNoise, "pgbench_sf25_c25_readonly_avglatency_ms__long_eastus_B8ms.csv",
                "value,runtime,starttime,VM_id\n0.118,133.9,2023-09-01 06:33:34.300,0\n0.119,134.14,2023-02-30 08:47:34.570,0\n", 3, 3
            ),
            (
                .azureVMNoise, "redis_get_c50_rps__long_eastus_B8ms.csv",
                "value,runtime,starttime,VM_id\n0,133.9,2023-09-01 06:33:34.300,0\n", 2, 1
            ),
        ])
    func requestFieldErrors(format: RequestFormat, name: String, text: String, line: Int, column: Int) throws {
        let error = try Self.requestError(format, text, name: name)
        #expect(error.line == line && error.column == column, "\(error)")
        #expect(error.description.contains("\(name):\(line):\(column):"))
    }

    @Test("a Nezha metric value that is neither a number nor NaN names its line and column; NaN is a gap")
    func nezhaMetricValues() throws {
        let spans = try TemporaryFile.write(
            "TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,EndTimeUnixNano,Duration\n"
                + "03de5681338fe68d6a89274fb34934cb,9890aedfc1ee441b,root,frontend-1,Recv.,1661258203788591288,1661258204044290961,255699\n",
            name: "12_02_trace.csv")
        let folder = (spans as NSString).deletingLastPathComponent
        let metrics = "Time,TimeStamp,PodName,CpuUsage(m),PodServerLatencyP90(s)\n"
        try (metrics + "t,1661258100,frontend-1,3.1,0.5\nt,1661258160,frontend-1,3.3,NaN\n")
            .write(toFile: "\(folder)/frontend-1_metric.csv", atomically: true, encoding: .utf8)
        let (trace, _) = try RequestFormat.nezha.read(try InputFiles(expanding: [folder]))
        // The span at …203 s takes the 160 s sample's CPU, and the 100 s sample's latency across the NaN gap.
        #expect(trace.metricNames == ["cpu_usage_m", "pod_server_latency_p90_s"] && trace.metrics == [3.3, 0.5])

        try (metrics + "t,1661258100,frontend-1,3.1,0.5\nt,1661258160,frontend-1,high,0.4\n")
            .write(toFile: "\(folder)/frontend-1_metric.csv", atomically: true, encoding: .utf8)
        let error = try #require(throws: InputError.self) { try RequestFormat.nezha.read(try InputFiles(expanding: [folder])) }
        #expect(error.file.hasSuffix("frontend-1_metric.csv") && error.line == 3 && error.column == 4)
    }

    @Test("a format without the file that holds its requests says which file it needs")
    func missingRequestFile() throws {
        let error = try Self.requestError(.alibabaGenAI, "timestamp_anon,value,container_ip\n1662858720.0,0.5,63beb1b8\n", name: "qps.csv")
        #expect(error.code == .missingFile && error.message.contains("pipeline_inference_data_anon"))
        let spans = try Self.requestError(.nezha, "Source,Target,Weight\nfrontend,cartservice,1\n", name: "dependency.csv")
        #expect(spans.code == .missingFile)
    }

    @Test("a join that keeps no request is an error that says why each was dropped, not an empty trace")
    func joinThatKeepsNothing() throws {
        let folder = try SharedData.path("alibaba-genai-serving-2026")
        var options = RequestFormat.Options()
        // Every file is on one 57 s grid: no sample lies between 1 and 1.5 s before a request.
        options.join.lag = 1
        options.join.maxAge = 1.5
        let inputs = try InputFiles(expanding: ["\(folder)/pipeline_inference_data_anon.csv.gz", "\(folder)/queue_rt_raw_anon.csv.gz"])
        let error = try #require(throws: InputError.self) { try RequestFormat.alibabaGenAI.read(inputs, options: options) }
        #expect(error.code == .emptyFile && error.message.contains("34421: no queue_ms sample"))
    }

    @Test("an Azure VM noise file whose name does not say what its values are is refused")
    func unrecognisedBenchmarkName() throws {
        let error = try Self.requestError(
            .azureVMNoise, "value,runtime,starttime,VM_id\n0.118,133.9,2023-09-01 06:33:34.300,0\n", name: "results.csv")
        #expect(error.code == .unexpectedFile)
        // Throughput needs the connection count (c50) to become a latency.
        let noConnections = try Self.requestError(
            .azureVMNoise, "value,runtime,starttime,VM_id\n562933.69,60,2023-09-01 06:33:34.300,0\n",
            name: "redis_get_rps__long_eastus_B8ms.csv")
        #expect(noConnections.code == .unexpectedFile)
    }

    @Test(
        "arrival formats name the line and column of a bad field",
        arguments: [
            (
                ArrivalFormat.azureLLM,
                "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:5x,396,109\n", 3, 1
            ),
            (.azureLLM, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,-44\n", 2, 3),
            (.nasa, "1 0 0 2 x 3", 1, 5),
            (.nasa, "1 0\n0 2 -1", 2, 3),
            (.nasa, "1 0 12345678901 3", 1, 3),
            // Counts within nine digits still may not add up to more than 32 requests per byte of the file (at
            // least 65,536): a few bytes asking for a billion arrivals are refused where the budget runs out.
            (.nasa, "1 0\n5 999999999 2", 2, 2),
        ])
    func arrivalFieldErrors(format: ArrivalFormat, text: String, line: Int, column: Int) throws {
        let error = try Self.arrivalError(format, text)
        #expect(error.line == line && error.column == column, "\(error)")
    }

    @Test("an Azure LLM file without the token columns is refused, naming the missing column")
    func azureLLMColumns() throws {
        let error = try Self.arrivalError(.azureLLM, "TIMESTAMP,Tokens\n2023-11-16 18:15:46.6805900,374\n")
        #expect(error.code == .unknownColumn && error.message.contains("ContextTokens"))
    }
}
