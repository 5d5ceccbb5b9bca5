import AdvisorInput
import AdvisorTestSupport
import AdvisorTraces
import Foundation
import Testing

/// Arrival traces (Azure LLM, NASA) and metric series (NAB CloudWatch) on the real files, against the README.
struct ArrivalAndSeriesTests {
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func utc(_ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> Double {
        DateTimeParserReference.utc(2023, 11, day)! + Double(hour * 3_600 + minute * 60 + second)
    }

    @Test(
        "Azure LLM: requests, time span and median tokens of each file",
        arguments: [
            ("AzureLLMInferenceTrace_code.csv", 8_819, utc(16, 18, 17, 3) + 0.97996, utc(16, 19, 14, 19) + 0.928016, 1_469.0, 13.0),
            ("AzureLLMInferenceTrace_conv.csv", 19_366, utc(16, 18, 15, 46) + 0.68059, utc(16, 19, 14, 8) + 0.402527, 1_020.0, 129.0),
        ])
    func azureLLM(file: String, requests: Int, first: Double, last: Double, medianContext: Double, medianGenerated: Double) throws {
        let (trace, report) = try ArrivalFormat.azureLLM.read(
            try InputFiles(expanding: [SharedData.path("azure-llm-inference-2023/\(file)")]))
        #expect(trace.count == requests && report.recordsRead == requests)
        #expect(!trace.wasSorted)  // README: both files are monotonic
        #expect(trace.workNames == ["context_tokens", "generated_tokens"])
        #expect(abs(trace.timestamps[0] - first) < 1e-6 && abs(trace.timestamps[trace.count - 1] - last) < 1e-6)
        #expect(Self.median((0..<trace.count).map { trace.work($0, 0) }) == medianContext)
        #expect(Self.median((0..<trace.count).map { trace.work($0, 1) }) == medianGenerated)
    }

    @Test("Azure LLM: both files merge into one stream by time, and the written CSV reads back as the same arrivals")
    func azureLLMMergedRoundTrip() throws {
        let (trace, report) = try ArrivalFormat.azureLLM.read(try InputFiles(expanding: [SharedData.path("azure-llm-inference-2023")]))
        #expect(trace.count == 8_819 + 19_366)
        #expect(trace.wasSorted)  // the second file's rows interleave with the first's
        #expect(zip(trace.timestamps, trace.timestamps.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(report.columns == ["timestamp", "context_tokens", "generated_tokens"])
        let path = try TemporaryFile.write(trace.csvText(), name: "arrivals.csv")
        let (reread, _) = try ArrivalFormat.arrivals.read(try InputFiles(expanding: [path]))
        #expect(reread.timestamps == trace.timestamps && reread.work == trace.work && reread.workNames == trace.workNames)
    }

    @Test("NASA: 5,059,950 one-second bins hold 3,461,610 requests, at most 20 in a second, spread inside their second")
    func nasa() throws {
        let (trace, report) = try ArrivalFormat.nasa.read(
            try InputFiles(expanding: [SharedData.path("nasa-http-1995-per-second/nasa_requests_per_second.txt.gz")]))
        #expect(report.recordsRead == 5_059_950)
        #expect(trace.count == 3_461_610)
        #expect(trace.workNames.isEmpty && !trace.wasSorted)
        var perSecond: [Int: Int] = [:]
        for time in trace.timestamps { perSecond[Int(time), default: 0] += 1 }
        #expect(perSecond.values.max() == 20)
        #expect(perSecond.count == 5_059_950 - 2_984_431)  // README: 2,984,431 seconds without a request
        #expect(trace.timestamps.last! < 5_059_950)
        #expect(trace.timestamps[0] == 0.5)  // the file starts "1 0 0 0 0 1": one request in second 0, mid-second
    }

    @Test("NAB CloudWatch: 19 series at a 5-minute step with the README's point counts")
    func nabSeries() throws {
        let folder = try SharedData.path("nab-aws-cloudwatch")
        let files = try InputFiles(expanding: [folder]).paths.filter { $0.hasSuffix(".csv") }
        #expect(files.count == 19)
        let otherCounts = [
            "ec2_disk_write_bytes_1ef3de": 4_730, "ec2_network_in_5abac7": 4_730, "grok_asg_anomaly": 4_621,
            "iio_us-east-1_i-a2eb1cd9_NetworkIn": 1_243, "cpu_utilization_asg_misconfiguration": 18_050,
        ]
        for file in files {
            let series = try MetricSeries.read(path: file)
            #expect(series.count == otherCounts[series.name] ?? 4_032, "\(series.name)")
            let steps = zip(series.times, series.times.dropFirst()).map { $1 - $0 }.sorted()
            #expect(steps[steps.count / 2] == 300, "\(series.name)")
        }
        let cpu = try MetricSeries.read(path: "\(folder)/ec2_cpu_utilization_825cc2.csv")
        #expect((cpu.values.min()! * 10).rounded() == 187 && (cpu.values.max()! * 10).rounded() == 991)  // 18.7 – 99.1 %
        let elb = try MetricSeries.read(path: "\(folder)/elb_request_count_8c0756.csv")
        #expect(elb.values.min() == 1 && elb.values.max() == 656)
        let misconfigured = try MetricSeries.read(path: "\(folder)/cpu_utilization_asg_misconfiguration.csv")
        #expect(misconfigured.times.first! >= DateTimeParserReference.utc(2014, 5, 14)!)
        #expect(misconfigured.times.last! < DateTimeParserReference.utc(2014, 7, 16)!)
        // The series is what a join consumes: the sample at 00:04 stands for every moment until 00:09.
        let sample = try #require(cpu.latestIndex(atOrBefore: cpu.times[0] + 299))
        #expect(sample == 0 && cpu.latestIndex(atOrBefore: cpu.times[0] - 1) == nil)
    }
}
