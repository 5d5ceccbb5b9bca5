/// Where each header field goes in a batch row.
struct ColumnLayout: Sendable {
    /// For each field of the row, its first position in `columns`, or -1 when not selected.
    let slotOfField: [Int]
    /// `(to, from)` batch positions for columns selected more than once.
    let duplicates: [(to: Int, from: Int)]
    /// Values per batch row.
    let width: Int
    /// `(slot, field, what)` of the columns whose values must be ≥ 0, with what they are for messages.
    let nonNegative: [(slot: Int, field: Int, what: String)]

    init(columns: [Int], fieldCount: Int, nonNegative: [Int: String] = [:]) {
        var slots = [Int](repeating: -1, count: fieldCount)
        var duplicates: [(to: Int, from: Int)] = []
        for (position, field) in columns.enumerated() {
            if slots[field] < 0 { slots[field] = position } else { duplicates.append((position, slots[field])) }
        }
        slotOfField = slots
        self.duplicates = duplicates
        width = columns.count
        self.nonNegative = nonNegative.sorted { $0.key < $1.key }.map { (slot: $0.key, field: columns[$0.key], what: $0.value) }
    }
}
