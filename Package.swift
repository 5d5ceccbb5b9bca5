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
        .library(name: "AdvisorReplay", targets: ["AdvisorReplay"]),
        .library(name: "AdvisorInput", targets: ["AdvisorInput"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
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
        .target(name: "AdvisorInput", dependencies: ["CZlib", "CLzma", "CZstd"], swiftSettings: swiftSettings),
        .target(name: "AdvisorLearning", dependencies: ["CLapack"], swiftSettings: swiftSettings),
        .target(
            name: "AdvisorCache",
            dependencies: ["AdvisorLearning", .product(name: "HeapModule", package: "swift-collections")],
            swiftSettings: swiftSettings
        ),
        .target(name: "AdvisorBalancing", dependencies: ["AdvisorLearning"], swiftSettings: swiftSettings),
        .target(
            name: "AdvisorReplay",
            dependencies: [
                "AdvisorInput", "AdvisorLearning", "AdvisorCache", "AdvisorBalancing",
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "AdvisorCLI",
            dependencies: [
                "AdvisorReplay",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AdvisorInputTests", dependencies: ["AdvisorInput"], swiftSettings: swiftSettings),
        .testTarget(name: "AdvisorLearningTests", dependencies: ["AdvisorLearning"], swiftSettings: swiftSettings),
        .testTarget(name: "AdvisorCacheTests", dependencies: ["AdvisorCache"], swiftSettings: swiftSettings),
        .testTarget(name: "AdvisorBalancingTests", dependencies: ["AdvisorBalancing"], swiftSettings: swiftSettings),
        .testTarget(name: "AdvisorCLITests", dependencies: ["AdvisorCLI"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AdvisorReplayTests",
            dependencies: ["AdvisorReplay"],
            swiftSettings: swiftSettings
        ),
    ]
)
