public import Foundation

extension ModelArtifact {
    /// Reads and validates a model file.
    /// - Parameters:
    ///   - path: the JSON file.
    ///   - expectedFeatures: when given, the features the caller will supply, in order.
    /// - Throws: `LearningError` (`.io` when unreadable, `.invalidModel` when malformed or untrustworthy), naming the file.
    public static func load(path: String, expectedFeatures: [String]? = nil) throws(LearningError) -> ModelArtifact {
        let data = try readModelFile(path)
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

    /// The largest model file read: a model holds a few numbers per feature, so more is not one.
    static let largestFile = 64 << 20

    /// The file's bytes, with the system's reason when it cannot be read (a folder, a missing file, no
    /// permission) rather than Foundation's error codes.
    private static func readModelFile(_ path: String) throws(LearningError) -> Data {
        func failure(_ reason: String) -> LearningError { LearningError(.io, "\(path): cannot read the model file (\(reason))") }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure(String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT != S_IFDIR else { throw failure("it is a directory") }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw failure(String(cString: strerror(errno))) }
            if count == 0 { break }
            data.append(contentsOf: chunk[..<count])
            guard data.count <= largestFile else { throw failure("larger than \(largestFile >> 20) MB, too large for a model file") }
        }
        return data
    }
}
