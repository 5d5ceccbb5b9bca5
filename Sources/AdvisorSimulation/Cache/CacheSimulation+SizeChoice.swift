public import AdvisorTraining

extension CacheSimulation {
    /// The sizes a simulation runs at: the trainer's `CacheSize`, so `--cache-size` means the same to both.
    public typealias SizeChoice = CacheSize
}
