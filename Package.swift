// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "GovLedger",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "GovLedger", targets: ["GovLedger"]),
        .executable(name: "govledger", targets: ["GovLedgerCLI"]),
        .executable(name: "govledger-bench", targets: ["GovLedgerBench"]),
        // libFuzzer targets (bench/fuzz builds them with -DGOVLEDGER_FUZZ -sanitize=fuzzer; plain builds get a stub).
        .executable(name: "govledger-fuzz", targets: ["GovLedgerFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // `swift package generate-documentation --target GovLedger` builds the DocC catalog (docs/development.md).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "GovLedger",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            // Storage/schema.sql links to the top-level schema.sql, the single source of truth.
            resources: [.embedInCode("Storage/schema.sql"), .embedInCode("Reference/agency_codes.tsv"),
                        .embedInCode("Reference/frec_codes.tsv")]
        ),
        .executableTarget(
            name: "GovLedgerCLI",
            dependencies: ["GovLedger", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            // Resources/salesforce-ice.json links to fixtures/, so `demo` works from any directory.
            resources: [.embedInCode("Resources/salesforce-ice.json")]
        ),
        // The benchmark (bench/run): generates a USAspending-format CSV and times queries on an imported ledger.
        // Resources/agency_codes.tsv links to the library's agency reference, for real agency names and codes.
        .executableTarget(
            name: "GovLedgerBench",
            dependencies: ["GovLedger"],
            resources: [.embedInCode("Resources/agency_codes.tsv")]
        ),
        // The fuzz targets (bench/fuzz): the parsers of untrusted bytes, through ParserEntryPoints.
        .executableTarget(name: "GovLedgerFuzz", dependencies: ["GovLedger"]),
        .testTarget(
            name: "GovLedgerTests",
            dependencies: ["GovLedger", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        // Golden/ holds expected outputs read through #filePath, not resources.
        .testTarget(name: "GovLedgerCLITests", dependencies: ["GovLedger"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
