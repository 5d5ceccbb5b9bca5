// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so that `swift test` in the repository never builds them.
// Run: cd Benchmarks && OPENBLAS_NUM_THREADS=1 swift package --allow-writing-to-package-directory benchmark
// One suite: add `--target CacheBenchmarks` (it builds only the runtime cache and its learning module) or
// `--target BalancerBenchmarks` (the runtime balancer, and the trainer that fits its model on the embedded recording).
// CPU time instead of wall clock, for a loaded machine: swift run -c release CacheCPUTime 1000 s3fifo
let package = Package(
    name: "advisor-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "advisor", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The shuffled key order both cache benchmarks look up.
        .target(name: "BenchmarkKeys", path: "Benchmarks/BenchmarkKeys"),
        .target(
            name: "BalancerFixtures",
            dependencies: [
                .product(name: "AdvisorBalancing", package: "advisor"),
                .product(name: "AdvisorInput", package: "advisor"),
                .product(name: "AdvisorTraces", package: "advisor"),
                .product(name: "AdvisorTraining", package: "advisor"),
            ],
            path: "Benchmarks/BalancerFixtures"
        ),
        .executableTarget(
            name: "BalancerCPUTime",
            dependencies: [.product(name: "AdvisorBalancing", package: "advisor"), "BalancerFixtures"],
            path: "Benchmarks/BalancerCPUTime"
        ),
        .executableTarget(
            name: "AdvisorBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "AdvisorInput", package: "advisor"),
                .product(name: "AdvisorLearning", package: "advisor"),
                .product(name: "AdvisorTraces", package: "advisor"),
            ],
            path: "Benchmarks/AdvisorBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "BalancerBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "AdvisorBalancing", package: "advisor"),
                "BalancerFixtures",
            ],
            path: "Benchmarks/BalancerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "CacheBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "AdvisorCache", package: "advisor"),
                "BenchmarkKeys",
            ],
            path: "Benchmarks/CacheBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The same hit and miss comparison timed in CPU time, which other processes' load does not inflate.
        .executableTarget(
            name: "CacheCPUTime",
            dependencies: [.product(name: "AdvisorCache", package: "advisor"), .product(name: "AdvisorMetrics", package: "advisor"), "BenchmarkKeys"],
            path: "Benchmarks/CacheCPUTime"
        ),
        // The tiered cache's bounds against redis-benchmark and a Mutex dictionary: run by tiered/run.sh.
        .executableTarget(
            name: "TieredBench",
            dependencies: [
                .product(name: "AdvisorCache", package: "advisor"),
                .product(name: "AdvisorTiered", package: "advisor"),
            ],
            path: "Benchmarks/TieredBench"
        ),
    ]
)
