// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for every reader advisor points at files its users did not write. They live in their
// own package so that `swift test` never builds them; Scripts/fuzz.sh builds them with
// `-sanitize=fuzzer,address` (coverage for advisor's own modules too) and runs each one.
let package = Package(
    name: "advisor-fuzz",
    dependencies: [.package(name: "advisor", path: "../")],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "AdvisorInput", package: "advisor"), .product(name: "AdvisorTraces", package: "advisor"),
            ]),
        .executableTarget(name: "fuzz-access", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "fuzz-requests", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "fuzz-csv", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "fuzz-decompress", dependencies: ["FuzzSupport"]),
        .executableTarget(
            name: "fuzz-model", dependencies: ["FuzzSupport", .product(name: "AdvisorLearning", package: "advisor")]),
    ]
)
