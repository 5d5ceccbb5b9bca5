import AdvisorSupport

extension AccessTrace {
    /// Size of each object (its first request's size), with `extra` phantom objects of the median size.
    package func objectSizes(extra: Int) -> [UInt32] {
        var sizes = [UInt32](repeating: 0, count: uniqueCount)
        for index in ids.indices.reversed() { sizes[Int(ids[index])] = self.sizes[index] }
        let typical = sizes.isEmpty ? 1 : EmpiricalQuantile.value(0.5, of: sizes)
        return sizes + repeatElement(max(1, typical), count: extra)
    }

    /// Request times in seconds, made non-decreasing (log files are not always in time order); nil without timestamps.
    package var monotonicClock: [Double]? {
        guard let timestamps else { return nil }
        var latest = -Double.infinity
        return timestamps.map { value in
            latest = max(latest, value)
            return latest
        }
    }
}
