extension BackendPool {
    /// Two distinct random candidates (the same one twice when there is only one): the sampling of P2C and peak-EWMA.
    /// - Precondition: `candidates` is not empty, as it is whenever a policy is asked to choose.
    public mutating func twoDistinctCandidates() -> (Int, Int) {
        let count = candidates.count
        guard count > 1 else { return (candidates[0], candidates[0]) }
        let first = random.index(below: count)
        // Draw from the other count - 1 and skip over the first: uniform over distinct pairs.
        var second = random.index(below: count - 1)
        if second >= first { second += 1 }
        return (candidates[first], candidates[second])
    }
}
