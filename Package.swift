// swift-tools-version:6.0
import PackageDescription

// Accord: ingestion and normalization of Chinese public-procurement documents.
// One module per pipeline stage: Model (intermediate + canonical types) → Text (decoding,
// cleaning, numerals) → Readers (format sniffing, one reader per format) → Normalize
// (intermediate → canonical) → Checks (findings) → Pipeline (orchestration) → accord (CLI).
let package = Package(
    name: "Accord",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "accord", targets: ["accord"]),
        .library(name: "AccordPipeline", targets: ["AccordPipeline"]),
        // The stages as libraries of their own, for the fuzz harnesses (Fuzz/, a package of its own).
        .library(name: "AccordStages", targets: ["AccordModel", "AccordText", "AccordReaders", "AccordNormalize", "AccordChecks", "AccordOCR"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(name: "AccordModel"),
        .target(name: "AccordText", dependencies: ["AccordModel", .product(name: "Crypto", package: "swift-crypto")]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlibChecksum", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "AccordReaders", dependencies: [
            "AccordModel", "AccordText", "CLibXML2", "CZlibChecksum",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .systemLibrary(name: "CLeptonica", providers: [.apt(["libleptonica-dev"])]),
        .systemLibrary(name: "CTesseract", providers: [.apt(["libtesseract-dev", "tesseract-ocr-chi-sim"])]),
        // Leptonica functions Tesseract calls, overridden with cheaper equivalents (pixWriteMem PNG without deflate, pixOpenBrick).
        .target(name: "CLeptonicaOverrides", dependencies: ["CLeptonica"]),
        .target(name: "AccordOCR", dependencies: ["AccordModel", "AccordText", "AccordReaders", "CLeptonica", "CTesseract", "CLeptonicaOverrides"]),
        .executableTarget(name: "accord-bench", dependencies: ["AccordText", "AccordModel", "AccordDiff", "AccordExport"]),
        .executableTarget(name: "accord-ocr-bench", dependencies: ["AccordOCR", "AccordReaders", "AccordModel"]),
        .target(name: "AccordNormalize", dependencies: ["AccordModel", "AccordText"]),
        .target(name: "AccordChecks", dependencies: ["AccordModel", "AccordText"]),
        .target(name: "AccordExport", dependencies: ["AccordModel"]),
        .target(name: "AccordPipeline", dependencies: ["AccordModel", "AccordText", "AccordReaders", "AccordNormalize", "AccordChecks", "AccordOCR"]),
        // accord diff: align, classify, render; on canonical records only.
        .target(name: "AccordDiff", dependencies: ["AccordModel", .product(name: "Plot", package: "Plot")]),
        // The archivist's review: grouping, reconciliation across sources, merged views, corrections, the queue.
        .target(name: "AccordReview", dependencies: ["AccordModel", "AccordDiff", .product(name: "Crypto", package: "swift-crypto")]),
        // accord report: the batch report as a static site, rendered with Plot like the diff page.
        .target(name: "AccordReport", dependencies: ["AccordModel", "AccordDiff", "AccordReview", .product(name: "Plot", package: "Plot")]),
        // The archive (accord ingest, list, show, search, export): SQLite through GRDB behind a small store protocol.
        .target(name: "AccordArchive", dependencies: ["AccordModel", .product(name: "GRDB", package: "GRDB.swift")]),
        // The same archive on PostgreSQL (accord --db postgres://…), with the work queue that accord worker drains.
        .target(name: "AccordArchivePostgres", dependencies: ["AccordArchive", "AccordModel", .product(name: "PostgresNIO", package: "postgres-nio")]),
        .executableTarget(name: "accord", dependencies: [
            "AccordPipeline", "AccordOCR", "AccordExport", "AccordArchive", "AccordText", "AccordDiff", "AccordReview", "AccordReport",
            "AccordArchivePostgres",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .target(name: "TestSupport", dependencies: ["AccordModel"], path: "Tests/TestSupport"),
        .testTarget(name: "AccordTextTests", dependencies: ["AccordText", "TestSupport"]),
        .testTarget(name: "AccordReadersTests", dependencies: ["AccordReaders", "TestSupport"]),
        .testTarget(name: "AccordPipelineTests", dependencies: ["AccordPipeline", "AccordExport", "AccordText", "AccordReaders", "TestSupport"]),
        .testTarget(name: "AccordOCRTests", dependencies: ["AccordOCR", "AccordReaders", "AccordText", "CLeptonicaOverrides", "TestSupport"]),
        .testTarget(name: "AccordArchiveTests", dependencies: ["AccordArchive", "AccordModel", "TestSupport"]),
        .testTarget(name: "AccordDiffTests", dependencies: ["AccordDiff", "AccordModel", "AccordPipeline", "AccordExport", "AccordOCR", "TestSupport"]),
        .testTarget(name: "AccordExportTests", dependencies: ["AccordExport", "AccordModel", "TestSupport"]),
        .testTarget(name: "AccordReviewTests", dependencies: ["AccordReview", "AccordModel", "AccordPipeline", "TestSupport"]),
        .testTarget(name: "AccordDocxTests", dependencies: ["AccordReaders", "AccordPipeline", "TestSupport"]),
        .testTarget(name: "AccordPostgresTests", dependencies: ["AccordArchivePostgres", "AccordArchive", "TestSupport"]),
    ]
)
