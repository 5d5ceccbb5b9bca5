public import Foundation

extension ModelArtifact {
    /// Reads and validates a model file.
    /// - Parameters:
    ///   - path: the JSON file.
    ///   - expectedFeatures: when given, the features the caller will supply, in order.
    /// - Throws: `LearningError` (`.io` when unreadable, `.invalidModel` when malformed or untrustworthy), naming the file.
    public static func load(path: String, expectedFeatures: [String]? = nil) throws(LearningError) -> ModelArtifact {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LearningError(.io, "\(path): cannot read the model file (\(error.localizedDescription))")
        }
        let artifact: ModelArtifact
        do {
            artifact = try JSONDecoder().decode(ModelArtifact.self, from: data)
        } catch {
            if let syntax = syntaxError(in: data) {
                throw LearningError(
                    .invalidModel,
                    "\(path): not an advisor model file (not valid JSON at line \(syntax.line), column \(syntax.column): \(syntax.reason))")
            }
            throw LearningError(.invalidModel, "\(path): not an advisor model file (\(describe(error)))")
        }
        do {
            try artifact.validate(expectedFeatures: expectedFeatures)
        } catch {
            throw LearningError(error.code, "\(path): \(error.message)")
        }
        return artifact
    }

    /// The file's JSON: pretty, keys sorted, so that model files diff well in review.
    public func encoded() throws(LearningError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            return try encoder.encode(self)
        } catch {
            throw LearningError(.nonFinite, "cannot encode model \(name): \(error)")
        }
    }

    /// Writes the file through the package's one output writer: atomically (a temporary file in the same folder, then a rename),
    /// so a crash or a full disk never leaves a half-written model where the runtime would load it.
    /// - Throws: `LearningError` (`.io`) naming the path.
    public func write(to path: String) throws(LearningError) {
        try validate()
        try OutputFile.write(try encoded(), to: path)
    }

    /// Where the JSON syntax breaks (1-based line and column), from the byte offset JSONSerialization reports
    /// ("Invalid value around character 27."), since the decoder's own error gives no place; nil for valid JSON.
    private static func syntaxError(in data: Data) -> (line: Int, column: Int, reason: String)? {
        let description: String
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        }
        guard let range = description.range(of: "around character "),
            let offset = Int(description[range.upperBound...].prefix(while: \.isNumber))
        else { return (1, 1, description) }
        let before = data.prefix(min(offset, data.count))
        let line = before.count(where: { $0 == UInt8(ascii: "\n") }) + 1
        let column = before.count - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 - before.startIndex + 1 } ?? 0) + 1
        let reason = description[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        return (line, column, reason.isEmpty ? description : reason)
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "missing \(([key] + context.codingPath).map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            context.debugDescription
        default:
            "\(error)"
        }
    }
}
