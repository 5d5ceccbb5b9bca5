/// Column names of the public traces (`CpuUsageRate(%)`, `ContextTokens`) as the snake_case names advisor writes.
enum ColumnName {
    /// `CpuUsageRate(%)` → `cpu_usage_rate_pct`, `PodServerLatencyP90(s)` → `pod_server_latency_p90_s`,
    /// `MemoryUsage(Mi)` → `memory_usage_mi`.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        var previous: Character?
        for character in name.replacingOccurrences(of: "%", with: "pct") {
            if character.isUppercase, let previous, previous.isLowercase || previous.isNumber {
                result.append("_")
            }
            if character.isLetter || character.isNumber {
                result += character.lowercased()
            } else if !result.isEmpty, result.last != "_" {
                result.append("_")
            }
            previous = character
        }
        while result.last == "_" { result.removeLast() }
        return result
    }
}
