/// Ids of the next address of every object, for sequential prefetching over block or page numbers.
///
/// An address that the trace never requests still exists on the device: it gets a "phantom" id
/// past the trace's ids, so prefetching it costs a fetch and cache space like any other.
package struct AddressMap {
    /// Per id (real and phantom), the id at the next address, or `UInt32.max`.
    package let nextAddress: [UInt32]
    package let phantomCount: Int

    package init(keys: [UInt64]) {
        var idOf: [UInt64: UInt32] = [:]
        idOf.reserveCapacity(keys.count)
        for (id, key) in keys.enumerated() { idOf[key] = UInt32(id) }
        var next = [UInt32](repeating: .max, count: keys.count)
        var phantoms = 0
        for (id, key) in keys.enumerated() where key != .max {
            if let known = idOf[key + 1] {
                next[id] = known
            } else {
                next[id] = UInt32(keys.count + phantoms)
                phantoms += 1
            }
        }
        next.append(contentsOf: repeatElement(.max, count: phantoms))
        nextAddress = next
        phantomCount = phantoms
    }
}
