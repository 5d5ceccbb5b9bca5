/// Why an input could not go into the report, naming the file: `runs/cache.json: not valid JSON (…)`.
package struct ReportError: Error, CustomStringConvertible, Sendable {
    package var file: String
    package var reason: String

    package init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    package var description: String { "\(file): \(reason)" }
}
