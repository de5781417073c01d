// swift-tools-version:6.0
import PackageDescription

// libFuzzer harnesses for Accord, one executable per entry point. Built with the fuzzer and
// address sanitizers by scripts/fuzz.sh:
//   swift build --package-path Fuzz -c debug --sanitize fuzzer --sanitize address
// Each harness exports LLVMFuzzerTestOneInput; libFuzzer supplies main. A thrown ReadError is
// a clean outcome; only traps, sanitizer reports, timeouts and running out of memory count.
let harnesses: [(name: String, deps: [Target.Dependency])] = [
    ("fuzz-sniff", []),
    ("fuzz-text", []),
    ("fuzz-docx-zip", []),
    ("fuzz-docx-xml", []),
    ("fuzz-flatopc", []),
    ("fuzz-word2003", []),
    ("fuzz-html", []),
    ("fuzz-pipeline", [.product(name: "AccordPipeline", package: "Accord")]),
    ("fuzz-image", ["CLeptFuzz", .product(name: "AccordPipeline", package: "Accord")]),
]

let package = Package(
    name: "AccordFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "Accord", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "AccordStages", package: "Accord")]),
        .systemLibrary(name: "CLeptFuzz", providers: [.apt(["libleptonica-dev"])]),
    ] + harnesses.map { h in
        .executableTarget(name: h.name, dependencies: ["FuzzSupport", .product(name: "AccordStages", package: "Accord")] + h.deps,
                          swiftSettings: [.unsafeFlags(["-parse-as-library"])])
    }
)
