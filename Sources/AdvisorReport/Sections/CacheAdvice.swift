import Foundation

/// The policy and size to run, read off a cache sweep, with what they are expected to save, in words.
///
/// The rule is the knee of the curve, put so it needs no tuning to the trace: the smallest simulated size at
/// which the best policy has reached ``kneeShare`` of the miss-ratio reduction that growing to the largest
/// simulated size gives. Belady (an offline bound) and prefetching rows (whose backend load is not their miss
/// ratio) are never recommended.
package struct CacheAdvice: Sendable {
    /// Share of the reduction from the smallest to the largest simulated size the chosen size must reach.
    package static let kneeShare = 0.9
    /// The policy every `PredictiveCache` runs unless told otherwise.
    package static let defaultPolicy = "s3fifo"
    /// How much fewer misses (relative) another policy must have at the chosen size to be advised over the default.
    package static let switchMargin = 0.01

    package var policy: String
    package var size: String
    package var capacity: Int
    package var missRatio: Double
    /// How the size was chosen, for the page.
    package var rule: String
    /// What running it saves, against LRU and the default policy, and how far it stays from Belady.
    package var findings: [String]

    /// Nil when the run holds no policy that could be recommended.
    package init?(_ run: CacheRun) {
        let rows = run.results.filter { $0.ttl == nil }
        let curves = Curves(rows)
        let contenders = curves.names.filter { $0 != "belady" && !$0.contains("+") }
        guard let unit = rows.first?.unit, !contenders.isEmpty else { return nil }
        let sizes = curves.capacities
        // Best overall: the lowest mean miss ratio over the sizes, among the policies run at every size.
        let complete = contenders.filter { curves.points[$0]!.count == sizes.count }
        let ranked = (complete.isEmpty ? contenders : complete).min { curves.mean($0) < curves.mean($1) }!
        let curve = curves.points[ranked]!
        let chosen: Int
        if sizes.count == 1 || curve.count == 1 {
            chosen = curve[0].capacity
            rule = "One size was simulated, so the policies are compared at it; sweep sizes (--size 0.1%..20%) for a size to run."
        } else {
            let small = curve.first!.missRatio
            let large = curve.last!.missRatio
            let goal = large + (1 - Self.kneeShare) * (small - large)
            chosen = curve.first { $0.missRatio <= goal + 1e-12 }!.capacity
            rule =
                "Size: the smallest simulated size at which \(ranked) (the lowest mean miss ratio over the sweep) gets "
                + "\(Int(Self.kneeShare * 100))% of the miss-ratio reduction that growing from \(NumberText.count(curve.first!.capacity)) "
                + "to \(NumberText.count(curve.last!.capacity)) \(unit) gives."
        }
        rule +=
            " Policy: the lowest miss ratio at that size, Belady and prefetching aside, and S3-FIFO unless another misses at least "
            + "\(Int(Self.switchMargin * 100))% fewer."
        let atChosen = contenders.compactMap { name in curves.missRatio(name, at: chosen).map { (name, $0) } }
        var best = atChosen.min { $0.1 < $1.1 }!
        // Switching away from the default costs a deployment something; a tie is not worth it.
        if let standard = atChosen.first(where: { $0.0 == Self.defaultPolicy }), best.1 > standard.1 * (1 - Self.switchMargin) {
            best = standard
        }
        policy = best.0
        missRatio = best.1
        capacity = chosen
        size = rows.first { $0.capacity == chosen && $0.policy == best.0 }?.size ?? String(chosen)
        findings = Self.findings(curves: curves, policy: best.0, missRatio: best.1, capacity: chosen, unit: unit, sizes: sizes)
        if let last = curve.last, curve.count >= 2, last.capacity == sizes.last {
            let previous = curve[curve.count - 2].missRatio
            if previous > 0, (previous - last.missRatio) / previous > 0.1 {
                findings.append(
                    "\(ranked)'s miss ratio still falls by \(NumberText.percent((previous - last.missRatio) / previous)) over the last step "
                        + "of the sweep: a larger cache keeps helping, so sweep past \(NumberText.count(last.capacity)) \(unit) before settling."
                )
            }
        }
    }

    private static func findings(curves: Curves, policy: String, missRatio: Double, capacity: Int, unit: String, sizes: [Int]) -> [String] {
        var lines = ["\(policy) misses \(NumberText.percent(missRatio)) of the counted requests at \(NumberText.count(capacity)) \(unit)."]
        for (other, name, role) in [("lru", "LRU", "LRU"), (defaultPolicy, "S3-FIFO", "S3-FIFO (PredictiveCache's default)")]
        where other != policy {
            guard let theirs = curves.missRatio(other, at: capacity) else {
                lines.append("\(role) was not in this run (add \(other) to --policy to compare).")
                continue
            }
            var line = "Against \(role) at the same size (\(NumberText.percent(theirs)) misses): "
            if theirs > 0, missRatio < theirs {
                let saved = (theirs - missRatio) / theirs
                line +=
                    "\(NumberText.percent(saved)) fewer backend fetches, \(NumberText.count(Int(((theirs - missRatio) * 1e6).rounded()))) per million requests"
                if let needed = curves.capacityReaching(missRatio, policy: other) {
                    line +=
                        "; \(name) needs about \(NumberText.count(needed)) \(unit) (\(String(format: "%.1f", Double(needed) / Double(capacity)))×) to miss as little."
                } else {
                    line += "; \(name) misses more even at the largest simulated size."
                }
            } else {
                line += "no saving (\(name) misses as little or less)."
            }
            lines.append(line)
        }
        if let bound = curves.missRatio("belady", at: capacity) {
            lines.append(
                "Belady's offline bound at this size is \(NumberText.percent(bound)): \(policy) is \(String(format: "%.2f", (missRatio - bound) * 100)) points above what any policy could reach."
            )
        }
        return lines
    }
}

/// Miss-ratio curves by policy, sorted by capacity, with interpolation between simulated sizes.
struct Curves {
    var names: [String] = []
    var points: [String: [(capacity: Int, missRatio: Double)]] = [:]

    init(_ rows: [CacheRun.Row]) {
        for row in rows {
            if points[row.policy] == nil { names.append(row.policy) }
            points[row.policy, default: []].append((row.capacity, row.missRatio))
        }
        for name in names { points[name]!.sort { $0.capacity < $1.capacity } }
    }

    var capacities: [Int] { Array(Set(points.values.flatMap { $0.map(\.capacity) })).sorted() }

    func mean(_ name: String) -> Double {
        let curve = points[name] ?? []
        return curve.isEmpty ? .infinity : curve.reduce(0) { $0 + $1.missRatio } / Double(curve.count)
    }

    func missRatio(_ name: String, at capacity: Int) -> Double? {
        points[name]?.first { $0.capacity == capacity }?.missRatio
    }

    /// The capacity at which `policy`'s curve first falls to `target`, interpolated linearly in log capacity
    /// between the two simulated sizes around it; nil when it never does within the sweep.
    func capacityReaching(_ target: Double, policy: String) -> Int? {
        guard let curve = points[policy], let first = curve.first else { return nil }
        if first.missRatio <= target { return first.capacity }
        for (low, high) in zip(curve, curve.dropFirst()) where high.missRatio <= target {
            let fraction = (low.missRatio - target) / (low.missRatio - high.missRatio)
            let logCapacity = log(Double(low.capacity)) + fraction * (log(Double(high.capacity)) - log(Double(low.capacity)))
            return Int(exp(logCapacity).rounded(.up))
        }
        return nil
    }
}
