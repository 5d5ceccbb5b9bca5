public import AdvisorInput
import AdvisorSupport
import Foundation

/// The Alibaba GenAI serving request log (`lora_request_trace.csv`): one row per image-generation
/// request, with the checkpoint model that served it, its parameters, its status and execution time.
///
/// The strategy is `checkpoint_model_version_id`, the base model chosen for the request; the outcome
/// is `exec_time_seconds` (kept in ms) and whether `predict_status` is `SUCCEED` (`FAILED` is a
/// failure). Requests still `PENDING` or `PROCESSING` when the log was cut have no outcome, and 25
/// rows have no model or parameters; both are skipped and counted. The features describe the work
/// asked for, known before a model is chosen:
/// log(1 + prompt length), log(1 + negative prompt length, 0 when absent), images per prompt,
/// inference steps, LoRA adapters, and whether it is image-to-image or inpainting (text-to-image otherwise).
public struct GenAIRequestLog: Sendable {
    /// Names of the features, in row order.
    public static let featureNames = [
        "log1p_prompt_length", "log1p_negative_prompt_length", "images_per_prompt", "inference_steps", "loras", "image_to_image",
        "inpainting",
    ]

    /// Request time, seconds since 1970 (the log's `gmt_create`, UTC).
    public var timestamps: [Double] = []
    /// Index into `strategyNames`: the checkpoint model that served the request.
    public var strategies: [Int] = []
    public var strategyNames: [String] = []
    /// Execution time in ms.
    public var latencies: [Double] = []
    public var succeeded: [Bool] = []
    /// Row-major `count × featureNames.count`.
    public var features: [Double] = []
    /// Rows without an outcome (pending or processing) or without a model and parameters.
    public var skipped = 0

    public var count: Int { timestamps.count }

    /// Reads the log, in file order (which is time order).
    /// - Throws: `InputError` naming file, line and column of a missing column or a value it cannot accept.
    public static func read(_ buffer: InputBuffer) throws(InputError) -> GenAIRequestLog {
        let header = try CSVHeader(buffer: buffer)
        let file = buffer.path
        let time = try header.require("gmt_create", file: file)
        let type = try header.require("predict_type", file: file)
        let status = try header.require("predict_status", file: file)
        let exec = try header.require("exec_time_seconds", file: file)
        let prompt = try header.require("prompt_length", file: file)
        let negative = try header.require("negative_prompt_length", file: file)
        let images = try header.require("num_images_per_prompt", file: file)
        let steps = try header.require("num_inference_steps", file: file)
        let model = try header.require("checkpoint_model_version_id", file: file)
        let loras = try header.require("num_lora", file: file)
        var log = GenAIRequestLog()
        var strategyIndex: [String: Int] = [:]
        do {
            try CSVReader(buffer: buffer, header: header).forEachRow { row in
                let state = row.string(status)
                let name = row.string(model)
                guard state == "SUCCEED" || state == "FAILED", !name.isEmpty, !row.string(steps).isEmpty else {
                    log.skipped += 1
                    return
                }
                guard let sent = row.withField(time, DateTimeParser.parseUTC) else {
                    throw InputError(
                        code: .notANumber, file: file, line: row.line, column: time + 1,
                        message: "'\(row.string(time))' is not a date and time of the form YYYY-MM-DD HH:MM:SS that exists")
                }
                log.timestamps.append(sent)
                if let index = strategyIndex[name] {
                    log.strategies.append(index)
                } else {
                    strategyIndex[name] = log.strategyNames.count
                    log.strategies.append(log.strategyNames.count)
                    log.strategyNames.append(name)
                }
                let seconds = try row.double(exec)
                guard seconds >= 0 else {
                    throw InputError(
                        code: .outOfRange, file: file, line: row.line, column: exec + 1,
                        message: "an execution time cannot be negative (\(seconds) s)")
                }
                log.latencies.append(seconds * 1000)
                log.succeeded.append(state == "SUCCEED")
                let kind = row.string(type)
                let negativeLength = row.string(negative).isEmpty ? 0 : try row.double(negative)
                log.features += [
                    log1p(max(0, try row.double(prompt))), log1p(max(0, negativeLength)), try row.double(images), try row.double(steps),
                    try row.double(loras), kind == "IMG_2_IMG" ? 1 : 0, kind == "INPAINTING" ? 1 : 0,
                ]
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(code: .unreadable, file: file, message: "\(error)")
        }
        guard log.count > 0 else { throw InputError(code: .emptyFile, file: file, message: "the log has no finished requests") }
        return log
    }
}
