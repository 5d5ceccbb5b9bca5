package import AdvisorInput

/// The values of the first data row, `nil` where a field is not a number (empty when there are no rows).
///
/// How numeric columns are recognised, and where the shift of a streamed fit comes from.
package func firstRowValues(_ buffer: InputBuffer, _ header: CSVHeader) throws(InputError) -> [Double?] {
    struct Stop: Error {}
    var values: [Double?] = []
    do {
        try CSVReader(buffer: buffer, header: header).forEachRow { row in
            values = (0..<row.fieldCount).map { try? row.double($0) }
            throw Stop()
        }
    } catch is Stop {
    } catch let error as InputError {
        throw error
    } catch {
        throw InputError(code: .unreadable, file: buffer.path, message: "\(error)")
    }
    return values
}
