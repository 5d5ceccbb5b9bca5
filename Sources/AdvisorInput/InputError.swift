/// An input error that names the file, 1-based line and 1-based column of what could not be accepted.
///
/// The column is the field index in CSV files and the byte position in the line in other text formats.
/// Errors in binary files carry no line; their message names the record and its byte offset.
///
/// The code is an extensible struct rather than an enum so that new kinds of input problems can be added
/// without breaking callers that switch over the existing ones.
public struct InputError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of input problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A stable, lower-camel-case name for the code, suitable for logs and tests.
        public let rawValue: String

        init(_ rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { rawValue }

        /// The file could not be opened, mapped or read.
        public static let unreadable = Code("unreadable")
        /// The file (or its decompressed content) holds no bytes.
        public static let emptyFile = Code("emptyFile")
        /// The first line is missing or blank, so there are no column names.
        public static let missingHeader = Code("missingHeader")
        /// Two header columns have the same name.
        public static let duplicateColumn = Code("duplicateColumn")
        /// A requested column is not in the header.
        public static let unknownColumn = Code("unknownColumn")
        /// A row has more or fewer fields than the header.
        public static let raggedRow = Code("raggedRow")
        /// A numeric field is empty.
        public static let emptyField = Code("emptyField")
        /// A numeric field is not a decimal number.
        public static let notANumber = Code("notANumber")
        /// A numeric field is NaN or infinite, or overflows a Double.
        public static let nonFinite = Code("nonFinite")
        /// The gzip, xz or zstd data is corrupt or truncated.
        public static let badCompression = Code("badCompression")
        /// A number outside the range its field allows (a negative size, a zero page count).
        public static let outOfRange = Code("outOfRange")
        /// A binary trace ends inside a record (its size is not a multiple of the record size).
        public static let truncatedRecord = Code("truncatedRecord")
        /// A line lacks the structure its format requires (a field, bracket, quote or JSON member).
        public static let malformedRecord = Code("malformedRecord")
        /// An operation name the trace format does not define.
        public static let unknownOperation = Code("unknownOperation")
        /// More distinct keys than 32-bit object ids can number.
        public static let tooManyKeys = Code("tooManyKeys")
        /// An input larger than advisor will hold in memory (a compressed file inflating past the limit the message names).
        public static let tooLarge = Code("tooLarge")
    }

    /// What kind of problem this is.
    public var code: Code
    /// The path of the file the problem is in.
    public var file: String
    /// The 1-based line of the problem, when it is tied to a line.
    public var line: Int?
    /// The 1-based column of the problem (field index in CSV, byte position in other text), when known.
    public var column: Int?
    /// A human-readable explanation.
    public var message: String

    /// Creates an input error.
    ///
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - file: The path of the file the problem is in.
    ///   - line: The 1-based line, if known.
    ///   - column: The 1-based column (field index in CSV, byte position in other text), if known.
    ///   - message: A human-readable explanation.
    public init(code: Code, file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = Self.printable(message)
    }

    /// The longest message kept: a hostile file can put megabytes into a header name or a field.
    static let messageLimit = 600

    /// `text` with control characters escaped (`\u{1}`) and cut at `messageLimit` characters, since
    /// messages quote input bytes and are printed to a terminal.
    static func printable(_ text: String) -> String {
        var result = ""
        var kept = 0
        for scalar in text.unicodeScalars {
            if kept == messageLimit {
                return result + "… (\(text.unicodeScalars.count - kept) more characters)"
            }
            if scalar.properties.generalCategory == .control {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
            kept += 1
        }
        return result
    }

    /// The error as `FILE:LINE:COLUMN: message`, omitting the parts that are unknown.
    public var description: String {
        var location = Self.printable(file)
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(message)"
    }
}
