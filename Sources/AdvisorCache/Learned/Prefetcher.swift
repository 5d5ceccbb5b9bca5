import Foundation

/// Predicts which objects will be requested soon and proposes them for loading ahead.
///
/// Candidates come from two sources, both O(1) per request: the learned followers of the
/// requested object (`SuccessorTable`), and — when keys are addresses, as block numbers are — the
/// next addresses of a sequential run. A logistic model over `featureNames` scores each candidate's
/// chance of being requested within the horizon it was trained for; the best ones above
/// `threshold` are proposed, at most `budget` per request.
package struct Prefetcher: Sendable {
    /// Candidate features, in the order the model reads them.
    package static let featureNames = [
        "is_sequential", "log_run_length", "follower_share", "log_follower_count",
        "candidate_log_count", "candidate_log_age", "candidate_unseen", "source_log_count",
    ]
    package static var featureCount: Int { featureNames.count }

    /// A logistic model over `featureNames` (raw-scale weights); nil proposes nothing.
    package var model: (weights: [Double], bias: Double)?
    /// Least predicted probability of use for a candidate to be loaded.
    package var threshold: Double
    /// Most objects proposed per request.
    package var budget: Int
    /// How many addresses ahead a sequential run looks.
    package var depth: Int
    /// When non-nil, every candidate is appended with its features: the trainer's rows.
    package var candidateLog: [(id: ObjectID, now: Int, features: [Double])]?

    private var followers: SuccessorTable
    /// The id of each object's next address (`ObjectID.max` when unknown); empty when keys are not addresses.
    private let nextAddress: [ObjectID]
    private var previous: ObjectID?
    private var runLength = 0

    /// - Parameters:
    ///   - nextAddress: for each id, the id of the object at the next address, or `ObjectID.max`;
    ///     empty when keys carry no address order (then only learned followers are proposed).
    package init(nextAddress: [ObjectID] = [], threshold: Double = 0.5, budget: Int = 2, depth: Int = 2, expectedObjects: Int = 0) {
        self.nextAddress = nextAddress
        self.threshold = threshold
        self.budget = budget
        self.depth = depth
        self.followers = SuccessorTable(expectedObjects: expectedObjects)
    }

    /// Records the request for `id` at `now` and proposes objects to load ahead of their requests.
    /// - Parameters:
    ///   - history: the request history, already updated with this request.
    ///   - isResident: whether an object is already cached (those are never proposed).
    ///   - propose: called with each object to load, most likely first.
    /// - Complexity: O(budget + depth).
    package mutating func observe(
        _ id: ObjectID, now: Int, history: ObjectHistory, isResident: (ObjectID) -> Bool, propose: (ObjectID) -> Void
    ) {
        if let previous, Int(previous) < nextAddress.count, nextAddress[Int(previous)] == id {
            runLength += 1
        } else {
            runLength = 0
        }
        previous = id
        followers.record(id)

        var chosen: (ObjectID, Double)? = nil
        var second: (ObjectID, Double)? = nil
        withUnsafeTemporaryAllocation(of: Double.self, capacity: Self.featureCount) { features in
            func consider(_ candidate: ObjectID, sequential: Bool, share: Double, count: Int) {
                // A follower can also be the next address: consider each object once.
                guard candidate != id, candidate != chosen?.0, candidate != second?.0, !isResident(candidate) else { return }
                features[0] = sequential ? 1 : 0
                features[1] = sequential ? log1p(Double(runLength)) : 0
                features[2] = share
                features[3] = log1p(Double(count))
                let seen = history.hasHistory(candidate)
                features[4] = log1p(Double(history.accessCount(candidate)))
                features[5] = seen ? log1p(Double(now - history.lastAccess(candidate))) : 0
                features[6] = seen ? 0 : 1
                features[7] = log1p(Double(history.accessCount(id)))
                candidateLog?.append((candidate, now, Array(features)))
                guard let model else { return }
                var eta = model.bias
                for index in 0..<features.count { eta += model.weights[index] * features[index] }
                let probability = 1 / (1 + exp(-eta))
                guard probability >= threshold else { return }
                if probability > chosen?.1 ?? -1 {
                    second = chosen
                    chosen = (candidate, probability)
                } else if probability > second?.1 ?? -1 {
                    second = (candidate, probability)
                }
            }
            let (a, b) = followers.followers(of: id)
            let total = Double(a.map { Int($0.count) } ?? 0) + Double(b.map { Int($0.count) } ?? 0)
            if let a { consider(a.id, sequential: false, share: Double(a.count) / max(total, 1), count: Int(a.count)) }
            if let b { consider(b.id, sequential: false, share: Double(b.count) / max(total, 1), count: Int(b.count)) }
            if runLength > 0 {
                var address = id
                for _ in 0..<depth {
                    guard Int(address) < nextAddress.count, nextAddress[Int(address)] != ObjectID.max else { break }
                    address = nextAddress[Int(address)]
                    consider(address, sequential: true, share: 0, count: 0)
                }
            }
        }
        if budget > 0, let chosen { propose(chosen.0) }
        if budget > 1, let second { propose(second.0) }
    }

    /// Forgets `id`'s learned followers.
    package mutating func forget(_ id: ObjectID) {
        followers.forget(id)
    }
}
