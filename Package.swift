// swift-tools-version:6.1
import PackageDescription

/// One settings array for every target, so the whole package is held to the same language mode.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "advisor",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "advisor", targets: ["AdvisorCLI"]),
        .library(name: "AdvisorLearning", targets: ["AdvisorLearning"]),
        .library(name: "AdvisorCache", targets: ["AdvisorCache"]),
        .library(name: "AdvisorBalancing", targets: ["AdvisorBalancing"]),
        .library(name: "AdvisorObservability", targets: ["AdvisorObservability"]),
        .library(name: "AdvisorInput", targets: ["AdvisorInput"]),
        .library(name: "AdvisorTraces", targets: ["AdvisorTraces"]),
        .library(name: "AdvisorTraining", targets: ["AdvisorTraining"]),
        .library(name: "AdvisorSimulation", targets: ["AdvisorSimulation"]),
        .library(name: "AdvisorTesting", targets: ["AdvisorTesting"]),
        .library(name: "AdvisorTiered", targets: ["AdvisorTiered"]),
        .library(name: "AdvisorMetrics", targets: ["AdvisorMetrics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Only the metrics tests (and the README's scrape example) use it: an exporter's embedders pick their own backend.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLapack",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CLzma",
            pkgConfig: "liblzma",
            providers: [.apt(["liblzma-dev"])]
        ),
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        // Package-only utilities (every declaration `package`), so no product: one of each shared helper.
        .target(name: "AdvisorSupport", swiftSettings: swiftSettings),
        .target(name: "AdvisorInput", dependencies: ["AdvisorSupport", "CZlib", "CLzma", "CZstd"], swiftSettings: swiftSettings),
        .target(name: "AdvisorLearning", dependencies: ["AdvisorSupport", "CLapack"], swiftSettings: swiftSettings),
        .target(
            name: "AdvisorCache",
            dependencies: ["AdvisorSupport", "AdvisorLearning", .product(name: "HeapModule", package: "swift-collections")],
            swiftSettings: swiftSettings
        ),
        .target(name: "AdvisorBalancing", dependencies: ["AdvisorSupport", "AdvisorLearning"], swiftSettings: swiftSettings),
        // A small RESP3 Redis client on swift-nio: only what the tiered cache's L2 needs (every declaration `package`).
        .target(
            name: "AdvisorRedis",
            dependencies: ["AdvisorSupport", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        // L1 (PredictiveCache) over L2 (Redis) over L3 (SQLite through GRDB), invalidation and the write policies.
        .target(
            name: "AdvisorTiered",
            dependencies: [
                "AdvisorSupport", "AdvisorCache", "AdvisorBalancing", "AdvisorRedis", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "DequeModule", package: "swift-collections"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The write-behind writer process the kill -9 durability test launches, kills and restarts.
        .executableTarget(
            name: "TieredWriterFixture",
            dependencies: ["AdvisorTiered", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/TieredWriterFixture",
            swiftSettings: swiftSettings
        ),
        // Runtime anomaly detection on server metrics, built on AdvisorLearning's regression.
        .target(name: "AdvisorObservability", dependencies: ["AdvisorSupport", "AdvisorLearning"], swiftSettings: swiftSettings),
        // The runtime types' counters exported through swift-metrics and their state changes logged through swift-log,
        // by difference at each report (a swift-service-lifecycle Service), so that nothing is added to their hot paths.
        .target(
            name: "AdvisorMetrics",
            dependencies: [
                "AdvisorSupport", "AdvisorCache", "AdvisorBalancing", "AdvisorTiered", .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // A manual clock for the tests of applications that embed the runtime modules (and for ours).
        .target(name: "AdvisorTesting", swiftSettings: swiftSettings),
        // Offline modules: the runtime modules above never import them.
        .target(name: "AdvisorTraces", dependencies: ["AdvisorSupport", "AdvisorInput"], swiftSettings: swiftSettings),
        .target(
            name: "AdvisorTraining",
            dependencies: [
                "AdvisorSupport", "AdvisorInput", "AdvisorTraces", "AdvisorLearning", "AdvisorCache", "AdvisorBalancing",
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AdvisorSimulation",
            dependencies: [
                "AdvisorSupport", "AdvisorInput", "AdvisorTraces", "AdvisorTraining", "AdvisorLearning", "AdvisorCache",
                "AdvisorBalancing", "AdvisorObservability", .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: swiftSettings
        ),
        // `advisor report`: the --json outputs read back and drawn as one HTML page of inline SVG (every declaration `package`).
        .target(name: "AdvisorReport", swiftSettings: swiftSettings),
        .executableTarget(
            name: "AdvisorCLI",
            dependencies: [
                "AdvisorInput", "AdvisorLearning", "AdvisorCache", "AdvisorBalancing", "AdvisorTraces", "AdvisorTraining",
                "AdvisorSimulation", "AdvisorObservability", "AdvisorReport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // What every test target shares: the datasets' location, the shared trace loading, the reference fixtures.
        .target(
            name: "AdvisorTestSupport",
            dependencies: ["AdvisorSupport", "AdvisorTesting"],
            path: "Tests/AdvisorTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AdvisorSupportTests", dependencies: ["AdvisorSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "AdvisorInputTests", dependencies: ["AdvisorInput", "AdvisorTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AdvisorLearningTests",
            dependencies: ["AdvisorLearning", "AdvisorInput", "AdvisorTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AdvisorCacheTests", dependencies: ["AdvisorCache", "AdvisorTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AdvisorTieredTests",
            dependencies: ["AdvisorTiered", "AdvisorRedis", "AdvisorTestSupport", "TieredWriterFixture", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AdvisorBalancingTests", dependencies: ["AdvisorBalancing", "AdvisorTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "AdvisorCLITests", dependencies: ["AdvisorCLI", "AdvisorTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AdvisorTracesTests",
            dependencies: ["AdvisorTraces", "AdvisorTraining", "AdvisorTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AdvisorTrainingTests",
            dependencies: ["AdvisorTraining", "AdvisorTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AdvisorSimulationTests",
            dependencies: ["AdvisorSimulation", "AdvisorTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AdvisorMetricsTests",
            dependencies: [
                "AdvisorMetrics", "AdvisorCache", "AdvisorBalancing", "AdvisorTiered", "AdvisorTestSupport", "AdvisorTesting",
                .product(name: "MetricsTestKit", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AdvisorObservabilityTests",
            dependencies: ["AdvisorObservability", "AdvisorSimulation", "AdvisorTestSupport", "AdvisorTesting"],
            swiftSettings: swiftSettings
        ),
    ]
)
