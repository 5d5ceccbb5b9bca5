extension AdaptiveTTL: TTLPolicy {
    /// The learned TTL in seconds: the runtime measures expiry on a real clock, so build the
    /// model with `clockPerRequest` in seconds per request (what the trainer derives from a
    /// trace with timestamps). An infinite TTL, or one beyond a thousand years, means no expiry.
    package func ttl(for id: ObjectID, now: Int, history: ObjectHistory) -> Duration? {
        let seconds = ttl(of: id, now: now, history: history)
        return seconds.isFinite && seconds < 3.2e10 ? .seconds(seconds) : nil
    }

    /// Nothing to forget: the TTL is a function of the history, which the cache resets itself.
    package func forget(_ id: ObjectID) {}
}
