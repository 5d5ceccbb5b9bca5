/// Where each header field goes in a batch row.
struct ColumnLayout: Sendable {
    /// For each field of the row, its first position in `columns`, or -1 when not selected.
    let slotOfField: [Int]
    /// `(to, from)` batch positions for columns selected more than once.
    let duplicates: [(to: Int, from: Int)]
    /// Values per batch row.
    let width: Int

    init(columns: [Int], fieldCount: Int) {
        var slots = [Int](repeating: -1, count: fieldCount)
        var duplicates: [(to: Int, from: Int)] = []
        for (position, field) in columns.enumerated() {
            if slots[field] < 0 { slots[field] = position } else { duplicates.append((position, slots[field])) }
        }
        slotOfField = slots
        self.duplicates = duplicates
        width = columns.count
    }
}
